(* The Java numbering of W's rows and columns.  KernelToMatrix numbers  *)
(* row (co, o) as co * prod(m) + rowMajor(o) and column (ci, i) as      *)
(* ci * prod(n) + rowMajor(i); MathComp numbers the elements of a       *)
(* product type by its enumeration (enum_val).  For the iterated        *)
(* products 'I_n1 * ('I_n2 * ... * unit) both numberings coincide.      *)
From mathcomp Require Import all_ssreflect.
From ConvMatrix Require Import NatArith ConvNd.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

(* prod ns = n1 * n2 * ... (1 for the empty list). *)
Definition prodn (ns : seq nat) : nat := foldr muln 1%N ns.

(* Row-major number of the digits js with radices ks:
   rm [k1; k2; ...] [j1; j2; ...] = j1 * (k2 * k3 * ...) + rm [k2; ...] [j2; ...]. *)
Fixpoint rm (ks js : seq nat) : nat :=
  match ks, js with
  | _ :: ks', j :: js' => j * prodn ks' + rm ks' js'
  | _, _ => 0
  end.

(* Its inverse: the row-major digits of r with radices ns. *)
Fixpoint decode (ns : seq nat) (r : nat) : seq nat :=
  match ns with
  | [::] => [::]
  | _ :: ns' => r %/ prodn ns' :: decode ns' (r %% prodn ns')
  end.

(* The digits of a multi-index. *)
Fixpoint toseq (ns : seq nat) : ndpos ns -> seq nat :=
  match ns return ndpos ns -> seq nat with
  | [::] => fun _ => [::]
  | n :: ns' => fun x => nat_of_ord (x.1 : 'I_n) :: @toseq ns' x.2
  end.

Lemma enum_prod (A B : finType) :
  enum (prod_finType A B) = [seq (a, b) | a <- enum A, b <- enum B].
Proof. by rewrite enumT unlock. Qed.

Lemma nth_allpairs (A B : Type) (s : seq A) (t : seq B) a0 b0 i j :
  (i < size s)%N -> (j < size t)%N ->
  nth (a0, b0) [seq (x, y) | x <- s, y <- t] (i * size t + j) = (nth a0 s i, nth b0 t j).
Proof.
elim: s i => [|x s IH] i //= hi hj.
rewrite nth_cat size_map; case: i hi => [|i] hi.
  by rewrite mul0n add0n hj (nth_map b0).
rewrite mulSn -addnA ltnNge leq_addr /= addKn IH //.
Qed.

Lemma card_ndpos ns : #|ndpos ns| = prodn ns.
Proof.
elim: ns => [|n ns IH] /=; first by rewrite card_unit.
by rewrite card_prod card_ord IH.
Qed.

Lemma toseq_nth ns (x0 : ndpos ns) r :
  (r < prodn ns)%N -> toseq (nth x0 (enum (ndpos ns)) r) = decode ns r.
Proof.
elim: ns x0 r => [|n ns IH] /= x0 r hr.
  by [].
have hK : (0 < prodn ns)%N by move: hr; case: (prodn ns) => //; rewrite muln0.
case: x0 => a0 b0.
have hsz : size (enum (ndpos ns)) = prodn ns by rewrite -cardE card_ndpos.
rewrite enum_prod [in nth _ _ r](divn_eq r (prodn ns)) -hsz nth_allpairs.
- by rewrite /= hsz IH ?ltn_pmod // nth_enum_ord // ltn_divLR.
- by rewrite size_enum_ord hsz ltn_divLR.
- by rewrite hsz ltn_pmod.
Qed.

(* Theorem (numbering): the MathComp enumeration of a multi-index type   *)
(* is row-major: the element numbered a has the row-major digits of a.   *)
Theorem enum_val_row_major ns (a : 'I_#|ndpos ns|) :
  toseq (enum_val a) = decode ns a.
Proof.
rewrite (enum_val_nth (enum_val a)) toseq_nth // -card_ndpos ltn_ord //.
Qed.

(* and the row-major number of those digits is a itself. *)
Lemma rm_decode ns r : (r < prodn ns)%N -> rm ns (decode ns r) = r.
Proof.
elim: ns r => [|n ns IH] r /=; first by case: r.
move=> hr; have hK : (0 < prodn ns)%N by move: hr; case: (prodn ns) => //; rewrite muln0.
by rewrite IH ?ltn_pmod // -divn_eq.
Qed.

Theorem row_major_number ns (a : 'I_#|ndpos ns|) :
  rm ns (toseq (enum_val a)) = a.
Proof. by rewrite enum_val_row_major rm_decode // -card_ndpos ltn_ord. Qed.
