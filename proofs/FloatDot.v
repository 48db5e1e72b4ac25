(* Proved tolerances (Flocq): the classic bound for the summation the   *)
(* Java products perform, |fl(sum a_i b_i) - sum a_i b_i| <= gamma_n *   *)
(* sum |a_i b_i|, in binary64 round-to-nearest-even without underflow,  *)
(* and the element-wise tolerance 2 gamma_t of the tests.               *)
From Coq Require Import Reals Lra Lia List Permutation.
From Flocq Require Import Core.
From Flocq.Prop Require Import Relative.
Open Scope R_scope.

Definition prec : Z := 53%Z.
Global Instance prec_gt_0_53 : Prec_gt_0 prec.
Proof. unfold Prec_gt_0, prec; lia. Qed.

Definition fl (x : R) : R := round radix2 (FLX_exp prec) ZnearestE x.
Definition u : R := /2 * bpow radix2 (-prec + 1).

Lemma u_pos : 0 < u.
Proof. unfold u; apply Rmult_lt_0_compat; [lra | apply bpow_gt_0]. Qed.

Lemma fl_err x : Rabs (fl x - x) <= u * Rabs x.
Proof.
unfold fl, u. apply relative_error_N_FLX; auto with typeclass_instances.
unfold prec; lia.
Qed.

Lemma fl_fl x : fl (fl x) = fl x.
Proof.
unfold fl; apply round_generic; auto with typeclass_instances.
apply generic_format_round; auto with typeclass_instances.
Qed.

(* gamma_n = n u / (1 - n u) *)
Definition gamma (n : nat) : R := INR n * u / (1 - INR n * u).

Lemma gamma_step (K : R) : 1 <= K -> (K + 1) * u < 1 ->
  let g := K * u / (1 - K * u) in
  let G := (K + 1) * u / (1 - (K + 1) * u) in
  g + u + u * g <= G /\ 2 * u + u * u <= G.
Proof.
intros hK hK1 g G.
pose proof u_pos as hu.
assert (h1 : 0 < 1 - K * u) by nra.
assert (h2 : 0 < 1 - (K + 1) * u) by nra.
assert (hg : g * (1 - K * u) = K * u) by (unfold g; field; lra).
assert (hG : G * (1 - (K + 1) * u) = (K + 1) * u) by (unfold G; field; lra).
split.
- (* g (1 + u) + u = (K+1) u / (1 - K u) <= G *)
  assert (e : g + u + u * g = (K + 1) * u / (1 - K * u)) by (unfold g; field; lra).
  rewrite e; unfold G; apply Rmult_le_compat_l; [nra|].
  apply Rinv_le_contravar; nra.
- assert (hG0 : 0 <= G) by (unfold G; apply Rmult_le_pos; [nra | apply Rlt_le, Rinv_0_lt_compat; lra]).
  (* G = (K+1) u (1 + G) >= 2u (1 + G) >= 2u + 4u^2 *)
  assert (e : G = (K + 1) * u * (1 + G)) by nra.
  assert (hc : 2 * (u * (1 + G)) <= (K + 1) * (u * (1 + G))).
  { apply Rmult_le_compat_r; [apply Rmult_le_pos; lra | lra]. }
  assert (hb : 2 * u * (1 + G) <= G) by lra.
  assert (hu2 : 0 <= u * G) by (apply Rmult_le_pos; lra).
  assert (hd : u * (2 * u) <= u * G) by (apply Rmult_le_compat_l; lra).
  lra.
Qed.

Lemma abs4 a b c d : Rabs (a + b + c + d) <= Rabs a + Rabs b + Rabs c + Rabs d.
Proof.
pose proof (Rabs_triang (a + b + c) d). pose proof (Rabs_triang (a + b) c).
pose proof (Rabs_triang a b). lra.
Qed.

Lemma abs3 a b c : Rabs (a + b + c) <= Rabs a + Rabs b + Rabs c.
Proof. pose proof (Rabs_triang (a + b) c). pose proof (Rabs_triang a b). lra. Qed.

(* One step of the loop acc := fl(acc + fl(p)), after K >= 1 terms. *)
Lemma step (K acc S A p : R) : 1 <= K -> (K + 1) * u < 1 -> 0 <= A -> Rabs S <= A ->
  Rabs (acc - S) <= K * u / (1 - K * u) * A ->
  Rabs (fl (acc + fl p) - (S + p)) <= (K + 1) * u / (1 - (K + 1) * u) * (A + Rabs p).
Proof.
intros hK hK1 hA hS hacc.
destruct (gamma_step K hK hK1) as [g1 g2]; cbv zeta in g1, g2.
set (g := K * u / (1 - K * u)) in *.
set (G := (K + 1) * u / (1 - (K + 1) * u)) in *.
pose proof u_pos as hu.
pose proof (fl_err p) as e1.
pose proof (fl_err (acc + fl p)) as e2.
pose proof (Rabs_pos p) as hp.
assert (hg0 : 0 <= g).
{ unfold g; apply Rmult_le_pos; [nra | apply Rlt_le, Rinv_0_lt_compat; nra]. }
assert (ht : Rabs (acc + fl p) <= (1 + g) * A + (1 + u) * Rabs p).
{ replace (acc + fl p) with ((acc - S) + S + (fl p - p) + p) by ring.
  pose proof (abs4 (acc - S) S (fl p - p) p). nra. }
assert (e2' : u * Rabs (acc + fl p) <= u * ((1 + g) * A + (1 + u) * Rabs p)).
{ apply Rmult_le_compat_l; lra. }
replace (fl (acc + fl p) - (S + p)) with ((acc - S) + (fl p - p) + (fl (acc + fl p) - (acc + fl p))) by ring.
pose proof (abs3 (acc - S) (fl p - p) (fl (acc + fl p) - (acc + fl p))).
assert (m1 : (g + u + u * g) * A <= G * A) by (apply Rmult_le_compat_r; lra).
assert (m2 : (2 * u + u * u) * Rabs p <= G * Rabs p) by (apply Rmult_le_compat_r; lra).
nra.
Qed.

(* The Java product loop for one output: acc = 0; acc = fl(acc + fl(a * b))
   for each pair (a, b) in order (CscProducts: y[row] += value * x[col]). *)
Fixpoint fdot_acc (acc : R) (l : list (R * R)) : R :=
  match l with
  | nil => acc
  | (a, b) :: l' => fdot_acc (fl (acc + fl (a * b))) l'
  end.
Definition fdot (l : list (R * R)) : R := fdot_acc 0 l.

Fixpoint dot (l : list (R * R)) : R :=
  match l with nil => 0 | (a, b) :: l' => a * b + dot l' end.
Fixpoint absdot (l : list (R * R)) : R :=
  match l with nil => 0 | (a, b) :: l' => Rabs (a * b) + absdot l' end.

Lemma absdot_pos l : 0 <= absdot l.
Proof. induction l as [|[a b] l IH]; simpl; [lra | pose proof (Rabs_pos (a * b)); lra]. Qed.

Lemma acc_err l : forall K acc S A, 1 <= K -> (K + INR (length l)) * u < 1 -> 0 <= A ->
  Rabs S <= A -> Rabs (acc - S) <= K * u / (1 - K * u) * A ->
  Rabs (fdot_acc acc l - (S + dot l))
  <= (K + INR (length l)) * u / (1 - (K + INR (length l)) * u) * (A + absdot l).
Proof.
induction l as [|[a b] l IH]; intros K acc S A hK hl hA hS hacc.
- simpl in hl |- *. rewrite !Rplus_0_r. exact hacc.
- change (length ((a, b) :: l)) with (Datatypes.S (length l)) in hl |- *.
  cbn [fdot_acc dot absdot].
  rewrite S_INR in hl |- *.
  pose proof (Rabs_pos (a * b)).
  pose proof (IH (K + 1) (fl (acc + fl (a * b))) (S + a * b) (A + Rabs (a * b))) as HI.
  replace (K + (INR (length l) + 1)) with (K + 1 + INR (length l)) by ring.
  replace (S + (a * b + dot l)) with (S + a * b + dot l) by ring.
  replace (A + (Rabs (a * b) + absdot l)) with (A + Rabs (a * b) + absdot l) by ring.
  apply HI; try lra.
  + pose proof (Rabs_triang S (a * b)); lra.
  + apply step; try lra.
    pose proof (pos_INR (length l)); nra.
Qed.

(* Theorem (the classic bound, binary64 without underflow or overflow,
   round to nearest even): the loop's result differs from the exact
   sum of products by at most gamma_n * sum |a_i b_i|, n the number of
   terms, provided n u < 1. *)
Theorem fdot_error l : INR (length l) * u < 1 ->
  Rabs (fdot l - dot l) <= gamma (length l) * absdot l.
Proof.
destruct l as [|[a b] l]; intros hl.
- unfold fdot, gamma; simpl; rewrite Rminus_0_r, Rabs_R0, Rmult_0_r; lra.
- unfold fdot, gamma.
  change (length ((a, b) :: l)) with (Datatypes.S (length l)) in hl |- *.
  cbn [fdot_acc dot absdot]. rewrite Rplus_0_l, fl_fl.
  rewrite S_INR in hl |- *.
  pose proof u_pos as hu.
  replace (INR (length l) + 1) with (1 + INR (length l)) in hl |- * by ring.

  apply (acc_err l 1 (fl (a * b)) (a * b) (Rabs (a * b))); try lra.
  + apply Rabs_pos.
  + pose proof (fl_err (a * b)) as e.
    pose proof (Rabs_pos (a * b)).
    assert (hq : u <= 1 * u / (1 - 1 * u)).
    { pose proof (pos_INR (length l)).
      assert (h1 : 0 < 1 - 1 * u) by nra.
      apply (Rmult_le_reg_r (1 - 1 * u)); [lra|].
      unfold Rdiv; rewrite Rmult_assoc, Rinv_l; nra. }
    assert (u * Rabs (a * b) <= 1 * u / (1 - 1 * u) * Rabs (a * b)) by (apply Rmult_le_compat_r; lra).
    lra.
Qed.

(* How underflow is handled: fl is binary64 rounding with an unbounded
   exponent range (Flocq's FLX).  It equals real binary64 rounding
   (FLT, emin = -1074) on every x with |x| >= 2^-1022 (normal range), and
   on 0; so fdot_error holds for the binary64 loop whenever every product
   and every partial sum is 0 or at least 2^-1022 in magnitude (and none
   overflows, which FLT does not model either). *)
Theorem binary64_normal_range x :
  bpow radix2 (-1022) <= Rabs x ->
  round radix2 (FLT_exp (-1074) prec) ZnearestE x = fl x.
Proof.
intros hx; unfold fl; apply round_FLT_FLX; auto with typeclass_instances.
Qed.

Lemma gamma_mono n t : (n <= t)%nat -> INR t * u < 1 -> gamma n <= gamma t.
Proof.
intros hnt ht; unfold gamma.
pose proof u_pos as hu.
apply le_INR in hnt; pose proof (pos_INR n).
assert (h1 : 0 < 1 - INR t * u) by lra.
assert (h2 : 0 < 1 - INR n * u) by nra.
unfold Rdiv; apply Rmult_le_compat; try nra.
- apply Rlt_le, Rinv_0_lt_compat; lra.
- apply Rinv_le_contravar; nra.
Qed.

Lemma dot_perm l1 l2 : Permutation l1 l2 -> dot l1 = dot l2 /\ absdot l1 = absdot l2.
Proof.
induction 1 as [|[a b] l1 l2 _ [IH1 IH2]|[a b] [c d] l|l1 l2 l3 _ [A1 A2] _ [B1 B2]]; simpl.
- split; reflexivity.
- rewrite IH1, IH2; split; reflexivity.
- split; ring.
- rewrite A1, A2; split; assumption.
Qed.

(* Theorem (the element-wise tolerance of the tests): two loops that add
   the same n <= t products in any two orders agree within
   2 gamma_t sum |a_i b_i| (t u < 1). *)
Theorem two_orders_agree l1 l2 t : Permutation l1 l2 -> (length l1 <= t)%nat -> INR t * u < 1 ->
  Rabs (fdot l1 - fdot l2) <= 2 * gamma t * absdot l1.
Proof.
intros hp hlen ht.
destruct (dot_perm l1 l2 hp) as [hd ha].
assert (hl2 : length l2 = length l1) by (symmetry; apply Permutation_length; exact hp).
assert (hn : INR (length l1) * u < 1).
{ pose proof u_pos; apply le_INR in hlen; nra. }
pose proof (fdot_error l1 hn) as e1.
assert (hn2 : INR (length l2) * u < 1) by (rewrite hl2; exact hn).
pose proof (fdot_error l2 hn2) as e2.
rewrite hl2, <- hd, <- ha in e2.
pose proof (gamma_mono _ _ hlen ht) as hg.
pose proof (absdot_pos l1) as hA.
assert (gamma (length l1) * absdot l1 <= gamma t * absdot l1) by (apply Rmult_le_compat_r; lra).
replace (fdot l1 - fdot l2) with ((fdot l1 - dot l1) + - (fdot l2 - dot l1)) by ring.
pose proof (Rabs_triang (fdot l1 - dot l1) (- (fdot l2 - dot l1))) as ht'.
rewrite Rabs_Ropp in ht'. lra.
Qed.
