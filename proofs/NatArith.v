(* A small tactic: turn ssreflect nat (in)equalities into Peano ones,
   abstract every product of two non-numeral terms as an atom, and call
   lia. *)
From mathcomp Require Import all_ssreflect.
From Coq Require Import Lia.

Ltac gen_products :=
  repeat match goal with
  | |- context [?a * ?b] =>
      lazymatch a with
      | S _ => fail | O => fail
      | _ => lazymatch b with
             | S _ => fail | O => fail
             | _ => generalize (a * b); intro
             end
      end
  end.

Ltac nat_lia :=
  intros;
  repeat match goal with
  | H : is_true (_ <= _) |- _ => move/leP: H => H
  | H : is_true (_ == _) |- _ => move/eqP: H => H
  | |- is_true (_ <= _) => apply/leP
  | |- is_true (_ == _) => apply/eqP
  end;
  repeat match goal with
  | H : ?T |- _ => lazymatch type of T with Prop => revert H end
  end;
  gen_products;
  rewrite -?plusE -?minusE -?multE; intros; lia.
