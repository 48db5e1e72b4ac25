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

(* Two results each within gamma_n sum |a_i b_i| of the same exact sum
   (the same n <= t products, in two orders) agree within 2 gamma_t. *)
Lemma errors_agree (p q : R) l1 l2 t : Permutation l1 l2 -> (length l1 <= t)%nat -> INR t * u < 1 ->
  (INR (length l1) * u < 1 -> Rabs (p - dot l1) <= gamma (length l1) * absdot l1) ->
  (INR (length l2) * u < 1 -> Rabs (q - dot l2) <= gamma (length l2) * absdot l2) ->
  Rabs (p - q) <= 2 * gamma t * absdot l1.
Proof.
intros hp hlen ht hpe hqe.
destruct (dot_perm l1 l2 hp) as [hd ha].
assert (hl2 : length l2 = length l1) by (symmetry; apply Permutation_length; exact hp).
assert (hn : INR (length l1) * u < 1).
{ pose proof u_pos; apply le_INR in hlen; nra. }
pose proof (hpe hn) as e1.
assert (hn2 : INR (length l2) * u < 1) by (rewrite hl2; exact hn).
pose proof (hqe hn2) as e2.
rewrite hl2, <- hd, <- ha in e2.
pose proof (gamma_mono _ _ hlen ht) as hg.
pose proof (absdot_pos l1) as hA.
assert (gamma (length l1) * absdot l1 <= gamma t * absdot l1) by (apply Rmult_le_compat_r; lra).
replace (p - q) with ((p - dot l1) + - (q - dot l1)) by ring.
pose proof (Rabs_triang (p - dot l1) (- (q - dot l1))) as ht'.
rewrite Rabs_Ropp in ht'. lra.
Qed.

(* Theorem (the element-wise tolerance of the tests): two loops that add
   the same n <= t products in any two orders agree within
   2 gamma_t sum |a_i b_i| (t u < 1). *)
Theorem two_orders_agree l1 l2 t : Permutation l1 l2 -> (length l1 <= t)%nat -> INR t * u < 1 ->
  Rabs (fdot l1 - fdot l2) <= 2 * gamma t * absdot l1.
Proof.
intros hp hlen ht.
exact (errors_agree _ _ l1 l2 t hp hlen ht (fdot_error l1) (fdot_error l2)).
Qed.

(* Any summation order: a binary tree of additions over the products
   (SZero is an accumulator's initial 0.0).  The Java products sum in such
   trees: A^T y with four partial sums ((s0 + s1) + (s2 + s3)), A x with
   one accumulator per thread, added afterwards. *)
Inductive stree := SZero | SLeaf (a b : R) | SNode (l r : stree).

Fixpoint fl_tree (t : stree) : R :=
  match t with SZero => 0 | SLeaf a b => fl (a * b) | SNode l r => fl (fl_tree l + fl_tree r) end.
Fixpoint ex_tree (t : stree) : R :=
  match t with SZero => 0 | SLeaf a b => a * b | SNode l r => ex_tree l + ex_tree r end.
Fixpoint abs_tree (t : stree) : R :=
  match t with SZero => 0 | SLeaf a b => Rabs (a * b) | SNode l r => abs_tree l + abs_tree r end.
Fixpoint nterms (t : stree) : nat :=
  match t with SZero => 0 | SLeaf _ _ => 1 | SNode l r => nterms l + nterms r end.

Lemma fl_0 : fl 0 = 0.
Proof. unfold fl; apply round_0; auto with typeclass_instances. Qed.

Lemma tree_empty t : nterms t = 0%nat -> fl_tree t = 0 /\ ex_tree t = 0 /\ abs_tree t = 0.
Proof.
induction t as [| a b | l IHl r IHr]; simpl; intros h; try lia.
- lra.
- destruct (IHl ltac:(lia)) as [h1 [h2 h3]]; destruct (IHr ltac:(lia)) as [h4 [h5 h6]].
  rewrite h1, h2, h3, h4, h5, h6, Rplus_0_r, fl_0; lra.
Qed.

Lemma fl_tree_float t : fl (fl_tree t) = fl_tree t.
Proof. destruct t; simpl; [apply fl_0 | apply fl_fl | apply fl_fl]. Qed.

Lemma ex_abs_tree t : Rabs (ex_tree t) <= abs_tree t.
Proof.
induction t as [| a b | l IHl r IHr]; simpl.
- rewrite Rabs_R0; lra.
- lra.
- pose proof (Rabs_triang (ex_tree l) (ex_tree r)); lra.
Qed.

Lemma gamma_1 : u <= gamma 1.
Proof.
unfold gamma; simpl (INR 1); pose proof u_pos as hu.
assert (hb : bpow radix2 (-prec + 1) <= 1).
{ change 1 with (bpow radix2 0); apply bpow_le; unfold prec; lia. }
assert (hu1 : 1 * u < 1) by (unfold u; nra).
apply (Rmult_le_reg_r (1 - 1 * u)); [lra|].
unfold Rdiv; rewrite Rmult_assoc, Rinv_l; nra.
Qed.

Lemma gamma_pos n : INR n * u < 1 -> 0 <= gamma n.
Proof.
intros h; unfold gamma; pose proof u_pos; pose proof (pos_INR n).
apply Rmult_le_pos; [nra | apply Rlt_le, Rinv_0_lt_compat; lra].
Qed.

Lemma gamma_S_bound n : (1 <= n)%nat -> (INR n + 1) * u < 1 ->
  gamma n + u + u * gamma n <= gamma (Datatypes.S n).
Proof.
intros hn h; unfold gamma; rewrite S_INR.
destruct (gamma_step (INR n)) as [g1 _]; [apply (le_INR 1); exact hn | exact h |].
exact g1.
Qed.

(* One addition node of a summation tree: the children carry relative
   errors gamma_a1, gamma_a2 (a_i >= 1) and a_i + 1 <= N. *)
Lemma node_step (x1 x2 S1 S2 A1 A2 : R) (a1 a2 N : nat) :
  (1 <= a1)%nat -> (1 <= a2)%nat -> (a1 + 1 <= N)%nat -> (a2 + 1 <= N)%nat -> INR N * u < 1 ->
  Rabs S1 <= A1 -> Rabs S2 <= A2 ->
  Rabs (x1 - S1) <= gamma a1 * A1 -> Rabs (x2 - S2) <= gamma a2 * A2 ->
  Rabs (fl (x1 + x2) - (S1 + S2)) <= gamma N * (A1 + A2).
Proof.
intros ha1 ha2 hN1 hN2 ht hS1 hS2 IHl IHr.
pose proof u_pos as hu.
assert (hb1 : (INR a1 + 1) * u < 1).
{ apply le_INR in hN1; rewrite plus_INR in hN1; simpl in hN1; nra. }
assert (hb2 : (INR a2 + 1) * u < 1).
{ apply le_INR in hN2; rewrite plus_INR in hN2; simpl in hN2; nra. }
assert (hg1 : 0 <= gamma a1) by (apply gamma_pos; nra).
assert (hg2 : 0 <= gamma a2) by (apply gamma_pos; nra).
set (g1 := gamma a1) in *; set (g2 := gamma a2) in *.
pose proof (fl_err (x1 + x2)) as e.
assert (hA1 : 0 <= A1) by (pose proof (Rabs_pos S1); lra).
assert (hA2 : 0 <= A2) by (pose proof (Rabs_pos S2); lra).
assert (hx : Rabs (x1 + x2) <= (1 + g1) * A1 + (1 + g2) * A2).
{ replace (x1 + x2) with ((x1 - S1) + S1 + (x2 - S2) + S2) by ring.
  pose proof (abs4 (x1 - S1) S1 (x2 - S2) S2). nra. }
assert (hux : u * Rabs (x1 + x2) <= u * ((1 + g1) * A1 + (1 + g2) * A2)) by (apply Rmult_le_compat_l; lra).
assert (k1 : g1 + u + u * g1 <= gamma N).
{ eapply Rle_trans; [apply gamma_S_bound; [lia | exact hb1] |].
  apply gamma_mono; [lia | exact ht]. }
assert (k2 : g2 + u + u * g2 <= gamma N).
{ eapply Rle_trans; [apply gamma_S_bound; [lia | exact hb2] |].
  apply gamma_mono; [lia | exact ht]. }
assert (m1 : (g1 + u + u * g1) * A1 <= gamma N * A1) by (apply Rmult_le_compat_r; lra).
assert (m2 : (g2 + u + u * g2) * A2 <= gamma N * A2) by (apply Rmult_le_compat_r; lra).
replace (fl (x1 + x2) - (S1 + S2)) with ((x1 - S1) + (x2 - S2) + (fl (x1 + x2) - (x1 + x2))) by ring.
pose proof (abs3 (x1 - S1) (x2 - S2) (fl (x1 + x2) - (x1 + x2))).
nra.
Qed.

(* Theorem (any summation tree): |fl_tree - exact| <= gamma_n sum |a_i b_i|,
   n the number of products, n u < 1. *)
Theorem tree_error t : INR (nterms t) * u < 1 ->
  Rabs (fl_tree t - ex_tree t) <= gamma (nterms t) * abs_tree t.
Proof.
pose proof u_pos as hu.
induction t as [| a b | l IHl r IHr]; simpl; intros hn.
- rewrite Rminus_0_r, Rabs_R0, Rmult_0_r; lra.
- pose proof (fl_err (a * b)); pose proof (Rabs_pos (a * b)).
  pose proof gamma_1. assert (u * Rabs (a * b) <= gamma 1 * Rabs (a * b)) by (apply Rmult_le_compat_r; lra).
  lra.
- rewrite plus_INR in hn; pose proof (pos_INR (nterms l)); pose proof (pos_INR (nterms r)).
  destruct (Nat.eq_dec (nterms l) 0) as [hl0|hl0].
  { destruct (tree_empty l hl0) as [h1 [h2 h3]]; rewrite h1, h2, h3, hl0, !Rplus_0_l, fl_tree_float.
    apply IHr; rewrite hl0 in hn; simpl in hn; lra. }
  destruct (Nat.eq_dec (nterms r) 0) as [hr0|hr0].
  { destruct (tree_empty r hr0) as [h1 [h2 h3]]; rewrite h1, h2, h3, hr0, !Rplus_0_r, Nat.add_0_r, fl_tree_float.
    apply IHl; rewrite hr0 in hn; simpl in hn; lra. }
  assert (hl1 : (1 <= nterms l)%nat) by lia. assert (hr1 : (1 <= nterms r)%nat) by lia.
  assert (hlu : INR (nterms l) * u < 1) by (apply le_INR in hr1; simpl in hr1; nra).
  assert (hru : INR (nterms r) * u < 1) by (apply le_INR in hl1; simpl in hl1; nra).
  apply (node_step _ _ _ _ _ _ (nterms l) (nterms r)); try lia.
  + rewrite plus_INR; exact hn.
  + apply ex_abs_tree.
  + apply ex_abs_tree.
  + exact (IHl hlu).
  + exact (IHr hru).
Qed.

(* Theorem (the element-wise tolerance 2 gamma_t |layer|(|x|) of the
   tests): two computations of one output that add the same products
   (same exact sum, same sum of magnitudes) in any two summation trees of
   at most t products agree within 2 gamma_t sum |a_i b_i| (t u < 1). *)
Theorem two_trees_agree t1 t2 t : ex_tree t1 = ex_tree t2 -> abs_tree t1 = abs_tree t2 ->
  (nterms t1 <= t)%nat -> (nterms t2 <= t)%nat -> INR t * u < 1 ->
  Rabs (fl_tree t1 - fl_tree t2) <= 2 * gamma t * abs_tree t1.
Proof.
intros hex habs h1 h2 ht.
pose proof u_pos as hu.
assert (hn1 : INR (nterms t1) * u < 1) by (apply le_INR in h1; nra).
assert (hn2 : INR (nterms t2) * u < 1) by (apply le_INR in h2; nra).
pose proof (tree_error t1 hn1) as e1; pose proof (tree_error t2 hn2) as e2.
rewrite <- hex, <- habs in e2.
pose proof (gamma_mono _ _ h1 ht); pose proof (gamma_mono _ _ h2 ht).
assert (hA : 0 <= abs_tree t1) by (pose proof (ex_abs_tree t1); pose proof (Rabs_pos (ex_tree t1)); lra).
assert (gamma (nterms t1) * abs_tree t1 <= gamma t * abs_tree t1) by (apply Rmult_le_compat_r; lra).
assert (gamma (nterms t2) * abs_tree t1 <= gamma t * abs_tree t1) by (apply Rmult_le_compat_r; lra).
replace (fl_tree t1 - fl_tree t2) with ((fl_tree t1 - ex_tree t1) + - (fl_tree t2 - ex_tree t1)) by ring.
pose proof (Rabs_triang (fl_tree t1 - ex_tree t1) (- (fl_tree t2 - ex_tree t1))) as ht'.
rewrite Rabs_Ropp in ht'. lra.
Qed.

(* The dot test: one side is <A x, y> = sum_i y_i (sum_j a_ij x_j),
   computed as an outer summation tree over the rows, each leaf
   fl(y_i * z_i) with z_i = fl_tree (row i's tree of products a_ij x_j). *)
Inductive dtree := DZero | DLeaf (y : R) (t : stree) | DNode (l r : dtree).

Fixpoint fl_d (d : dtree) : R :=
  match d with DZero => 0 | DLeaf y t => fl (y * fl_tree t) | DNode l r => fl (fl_d l + fl_d r) end.
Fixpoint ex_d (d : dtree) : R :=
  match d with DZero => 0 | DLeaf y t => y * ex_tree t | DNode l r => ex_d l + ex_d r end.
(* S = sum_i |y_i| sum_j |a_ij x_j| *)
Fixpoint abs_d (d : dtree) : R :=
  match d with DZero => 0 | DLeaf y t => Rabs y * abs_tree t | DNode l r => abs_d l + abs_d r end.
Fixpoint nd (d : dtree) : nat :=
  match d with DZero => 0 | DLeaf _ _ => 1 | DNode l r => nd l + nd r end.
(* every row tree has at most rmax products *)
Fixpoint rows_le (rmax : nat) (d : dtree) : Prop :=
  match d with DZero => True | DLeaf _ t => (nterms t <= rmax)%nat | DNode l r => rows_le rmax l /\ rows_le rmax r end.

Lemma abs_d_pos d : 0 <= abs_d d.
Proof.
induction d as [| y t | l IHl r IHr]; simpl; try lra.
apply Rmult_le_pos; [apply Rabs_pos | pose proof (ex_abs_tree t); pose proof (Rabs_pos (ex_tree t)); lra].
Qed.

Lemma ex_abs_d d : Rabs (ex_d d) <= abs_d d.
Proof.
induction d as [| y t | l IHl r IHr]; simpl.
- rewrite Rabs_R0; lra.
- rewrite Rabs_mult; apply Rmult_le_compat_l; [apply Rabs_pos | apply ex_abs_tree].
- pose proof (Rabs_triang (ex_d l) (ex_d r)); lra.
Qed.

Lemma d_empty d : nd d = 0%nat -> fl_d d = 0 /\ ex_d d = 0 /\ abs_d d = 0.
Proof.
induction d as [| y t | l IHl r IHr]; simpl; intros h; try lia.
- lra.
- destruct (IHl ltac:(lia)) as [h1 [h2 h3]]; destruct (IHr ltac:(lia)) as [h4 [h5 h6]].
  rewrite h1, h2, h3, h4, h5, h6, Rplus_0_r, fl_0; lra.
Qed.

Lemma fl_d_float d : fl (fl_d d) = fl_d d.
Proof. destruct d; simpl; [apply fl_0 | apply fl_fl | apply fl_fl]. Qed.

(* Theorem (one side of the dot test): rows of at most rmax products,
   R = nd rows, (rmax + R) u < 1:
   |fl<Ax, y> - <Ax, y>| <= gamma_(rmax + R) * sum_ij |a_ij| |x_j| |y_i|. *)
Theorem dot_side_error rmax d : rows_le rmax d -> INR (rmax + nd d) * u < 1 ->
  Rabs (fl_d d - ex_d d) <= gamma (rmax + nd d) * abs_d d.
Proof.
pose proof u_pos as hu.
induction d as [| y t | l IHl r IHr]; simpl; intros hrows hn.
- rewrite Rminus_0_r, Rabs_R0, Rmult_0_r; lra.
- (* leaf: fl(y z) - y S_t *)
  rewrite plus_INR in hn; simpl in hn; pose proof (pos_INR rmax).
  assert (htr : INR (nterms t) * u < 1) by (apply le_INR in hrows; nra).
  pose proof (tree_error t htr) as et.
  pose proof (gamma_mono _ _ hrows ltac:(nra)) as hgm.
  set (z := fl_tree t) in *; set (St := ex_tree t) in *; set (At := abs_tree t) in *.
  assert (hAt : 0 <= At) by (pose proof (ex_abs_tree t); pose proof (Rabs_pos St); unfold At, St in *; lra).
  set (g := gamma rmax) in *.
  assert (hg : 0 <= g) by (apply gamma_pos; nra).
  assert (ez : Rabs (z - St) <= g * At).
  { eapply Rle_trans; [exact et|]. apply Rmult_le_compat_r; lra. }
  pose proof (ex_abs_tree t) as hSt; fold St At in hSt.
  pose proof (fl_err (y * z)) as e.
  pose proof (Rabs_pos y) as hy.
  assert (hz : Rabs z <= (1 + g) * At).
  { replace z with ((z - St) + St) by ring. pose proof (Rabs_triang (z - St) St). lra. }
  assert (hyz : Rabs (y * z) <= Rabs y * ((1 + g) * At)) by (rewrite Rabs_mult; apply Rmult_le_compat_l; lra).
  assert (hyz2 : Rabs (y * (z - St)) <= Rabs y * (g * At)) by (rewrite Rabs_mult; apply Rmult_le_compat_l; lra).
  replace (fl (y * z) - y * St) with ((fl (y * z) - y * z) + y * (z - St)) by ring.
  pose proof (Rabs_triang (fl (y * z) - y * z) (y * (z - St))).
  (* (u (1 + g) + g) |y| At <= gamma (rmax + 1) |y| At *)
  destruct (Nat.eq_dec rmax 0) as [h0|h0].
  + (* no products in the row: z = St = 0 *)
    assert (hnt : nterms t = 0%nat) by lia.
    destruct (tree_empty t hnt) as [h1 [h2 h3]].
    unfold z, St, At in *; rewrite h1, h2, h3 in *.
    replace (fl (y * 0) - y * 0 + y * (0 - 0)) with 0 by (rewrite Rmult_0_r, fl_0; ring).
    rewrite Rabs_R0, !Rmult_0_r; lra.
  + assert (hk : g + u + u * g <= gamma (rmax + 1)).
    { rewrite Nat.add_1_r; apply gamma_S_bound; [lia | nra]. }
    assert (hm : (g + u + u * g) * (Rabs y * At) <= gamma (rmax + 1) * (Rabs y * At)).
    { apply Rmult_le_compat_r; [apply Rmult_le_pos; lra | exact hk]. }
    nra.
- destruct hrows as [hrl hrr].
  rewrite !plus_INR in hn; pose proof (pos_INR (nd l)); pose proof (pos_INR (nd r)); pose proof (pos_INR rmax).
  destruct (Nat.eq_dec (nd l) 0) as [hl0|hl0].
  { destruct (d_empty l hl0) as [h1 [h2 h3]]; rewrite h1, h2, h3, hl0, !Rplus_0_l, fl_d_float.
    apply IHr; [exact hrr | rewrite plus_INR; rewrite hl0 in hn; simpl in hn; lra]. }
  destruct (Nat.eq_dec (nd r) 0) as [hr0|hr0].
  { destruct (d_empty r hr0) as [h1 [h2 h3]]; rewrite h1, h2, h3, hr0, !Rplus_0_r, Nat.add_0_r, fl_d_float.
    apply IHl; [exact hrl | rewrite plus_INR; rewrite hr0 in hn; simpl in hn; lra]. }
  assert (hl1 : (1 <= nd l)%nat) by lia. assert (hr1 : (1 <= nd r)%nat) by lia.
  assert (hlu : INR (rmax + nd l) * u < 1) by (rewrite plus_INR; apply le_INR in hr1; simpl in hr1; nra).
  assert (hru : INR (rmax + nd r) * u < 1) by (rewrite plus_INR; apply le_INR in hl1; simpl in hl1; nra).
  replace (rmax + (nd l + nd r))%nat with (rmax + nd l + nd r)%nat by lia.
  apply (node_step _ _ _ _ _ _ (rmax + nd l) (rmax + nd r)); try lia.
  + rewrite !plus_INR; lra.
  + apply ex_abs_d.
  + apply ex_abs_d.
  + exact (IHl hrl hlu).
  + exact (IHr hrr hru).
Qed.

(* Theorem (the dot test's bound, verify/DotTest): the two computed sides
   fl<Ax, y> (rows of at most r products, R outer terms) and fl<x, A^T y>
   (columns of at most c products, C outer terms) of the same exact value,
   with the same S = sum |a_ij||x_j||y_i|, differ by at most
   (gamma_(r+R) + gamma_(c+C)) S. *)
Theorem dot_test_bound (fwd adj : dtree) r c S :
  rows_le r fwd -> rows_le c adj -> ex_d fwd = ex_d adj ->
  abs_d fwd = S -> abs_d adj = S ->
  INR (r + nd fwd) * u < 1 -> INR (c + nd adj) * u < 1 ->
  Rabs (fl_d fwd - fl_d adj) <= (gamma (r + nd fwd) + gamma (c + nd adj)) * S.
Proof.
intros hr hc hex hS1 hS2 h1 h2.
pose proof (dot_side_error r fwd hr h1) as e1; pose proof (dot_side_error c adj hc h2) as e2.
rewrite hS1 in e1; rewrite hS2, <- hex in e2.
replace (fl_d fwd - fl_d adj) with ((fl_d fwd - ex_d fwd) + - (fl_d adj - ex_d fwd)) by ring.
pose proof (Rabs_triang (fl_d fwd - ex_d fwd) (- (fl_d adj - ex_d fwd))) as ht.
rewrite Rabs_Ropp in ht. lra.
Qed.

(* The fused loop of the matrix-free products (MatrixFreeKernels.madd,
   FlatGrid): acc = 0; acc = fma(a, b, acc) for each pair in order, where
   Math.fma rounds once: fl(acc + a * b) with the product exact.  Used
   where the JVM compiles Math.fma to one instruction. *)
Fixpoint ffma_acc (acc : R) (l : list (R * R)) : R :=
  match l with
  | nil => acc
  | (a, b) :: l' => ffma_acc (fl (acc + a * b)) l'
  end.
Definition ffma (l : list (R * R)) : R := ffma_acc 0 l.

(* One fused step: |fl(acc + p) - (S + p)| <= |acc - S| + u |acc + p|. *)
Lemma step_fma (K acc S A p : R) : 1 <= K -> (K + 1) * u < 1 -> 0 <= A -> Rabs S <= A ->
  Rabs (acc - S) <= K * u / (1 - K * u) * A ->
  Rabs (fl (acc + p) - (S + p)) <= (K + 1) * u / (1 - (K + 1) * u) * (A + Rabs p).
Proof.
intros hK hK1 hA hS hacc.
destruct (gamma_step K hK hK1) as [g1 g2]; cbv zeta in g1, g2.
set (g := K * u / (1 - K * u)) in *.
set (G := (K + 1) * u / (1 - (K + 1) * u)) in *.
pose proof u_pos as hu.
pose proof (fl_err (acc + p)) as e2.
pose proof (Rabs_pos p) as hp.
assert (hg0 : 0 <= g).
{ unfold g; apply Rmult_le_pos; [nra | apply Rlt_le, Rinv_0_lt_compat; nra]. }
assert (ht : Rabs (acc + p) <= (1 + g) * A + Rabs p).
{ replace (acc + p) with ((acc - S) + S + p) by ring.
  pose proof (abs3 (acc - S) S p). nra. }
assert (e2' : u * Rabs (acc + p) <= u * ((1 + g) * A + Rabs p)).
{ apply Rmult_le_compat_l; lra. }
replace (fl (acc + p) - (S + p)) with ((acc - S) + (fl (acc + p) - (acc + p))) by ring.
pose proof (Rabs_triang (acc - S) (fl (acc + p) - (acc + p))).
assert (uG : u <= G) by nra.
assert (m1 : (g + u + u * g) * A <= G * A) by (apply Rmult_le_compat_r; lra).
assert (m2 : u * Rabs p <= G * Rabs p) by (apply Rmult_le_compat_r; lra).
nra.
Qed.

Lemma acc_err_fma l : forall K acc S A, 1 <= K -> (K + INR (length l)) * u < 1 -> 0 <= A ->
  Rabs S <= A -> Rabs (acc - S) <= K * u / (1 - K * u) * A ->
  Rabs (ffma_acc acc l - (S + dot l))
  <= (K + INR (length l)) * u / (1 - (K + INR (length l)) * u) * (A + absdot l).
Proof.
induction l as [|[a b] l IH]; intros K acc S A hK hl hA hS hacc.
- simpl in hl |- *. rewrite !Rplus_0_r. exact hacc.
- change (length ((a, b) :: l)) with (Datatypes.S (length l)) in hl |- *.
  cbn [ffma_acc dot absdot].
  rewrite S_INR in hl |- *.
  pose proof (Rabs_pos (a * b)).
  pose proof (IH (K + 1) (fl (acc + a * b)) (S + a * b) (A + Rabs (a * b))) as HI.
  replace (K + (INR (length l) + 1)) with (K + 1 + INR (length l)) by ring.
  replace (S + (a * b + dot l)) with (S + a * b + dot l) by ring.
  replace (A + (Rabs (a * b) + absdot l)) with (A + Rabs (a * b) + absdot l) by ring.
  apply HI; try lra.
  + pose proof (Rabs_triang S (a * b)); lra.
  + apply step_fma; try lra.
    pose proof (pos_INR (length l)); nra.
Qed.

(* Theorem: the fused loop obeys the same classic bound as the unfused
   one, |ffma l - sum a_i b_i| <= gamma_n sum |a_i b_i| (n u < 1). *)
Theorem ffma_error l : INR (length l) * u < 1 ->
  Rabs (ffma l - dot l) <= gamma (length l) * absdot l.
Proof.
destruct l as [|[a b] l]; intros hl.
- unfold ffma, gamma; simpl; rewrite Rminus_0_r, Rabs_R0, Rmult_0_r; lra.
- unfold ffma, gamma.
  change (length ((a, b) :: l)) with (Datatypes.S (length l)) in hl |- *.
  cbn [ffma_acc dot absdot]. rewrite Rplus_0_l.
  rewrite S_INR in hl |- *.
  pose proof u_pos as hu.
  replace (INR (length l) + 1) with (1 + INR (length l)) in hl |- * by ring.
  apply (acc_err_fma l 1 (fl (a * b)) (a * b) (Rabs (a * b))); try lra.
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

(* Theorem (the matrix-free path against the matrix path): the fused loop
   and an unfused loop over the same n <= t products, in any two orders,
   agree within 2 gamma_t sum |a_i b_i|. *)
Theorem fused_and_unfused_agree l1 l2 t : Permutation l1 l2 -> (length l1 <= t)%nat -> INR t * u < 1 ->
  Rabs (ffma l1 - fdot l2) <= 2 * gamma t * absdot l1.
Proof.
intros hp hlen ht.
exact (errors_agree _ _ l1 l2 t hp hlen ht (ffma_error l1) (fdot_error l2)).
Qed.
