(* When are the rows of the conv1d matrix orthonormal?  If the windows  *)
(* of consecutive outputs do not overlap (d(k-1) < s, d >= 1) and every *)
(* read lies inside the input, then W W^T = (sum_j w_j^2) I_m; so        *)
(* conv o convT (matrix W W^T) is the identity exactly when             *)
(* sum_j w_j^2 = 1.                                                     *)
From mathcomp Require Import all_ssreflect all_algebra.
From ConvMatrix Require Import NatArith GatherMap Conv1d Shapes.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section OrthogonalRows.

Variable R : comRingType.
Variables n m k s p d : nat.
Variable w : 'I_k -> R.

(* Every tap of every output reads a position of the input, not padding. *)
Definition reads_inside : Prop :=
  forall (o : 'I_m) (j : 'I_k), (p <= o * s + j * d < p + n)%N.

Lemma WWt_entry (inside : reads_inside) (a b : 'I_m) :
  (convmx n m s p d w *m (convmx n m s p d w)^T) a b =
  \sum_(j < k) \sum_(j' < k)
     (if (a * s + j * d == b * s + j' * d)%N then w j * w j' else 0).
Proof.
rewrite !mxE.
under eq_bigr => t _ do rewrite !mxE big_distrl big_mkcond /=.
rewrite exchange_big /=; apply: eq_bigr => j _.
have /andP[h1 h2] := inside a j.
have lt : (a * s + j * d - p < n)%N by nat_lia.
rewrite (bigD1 (Ordinal lt)) //= [X in _ + X]big1 => [|t ne]; last first.
  case: ifP => // /eqP he; case/eqP: ne; apply: val_inj => /=; nat_lia.
have -> : (a * s + j * d - p + p = a * s + j * d)%N by rewrite subnK.
rewrite eqxx addr0 big_distrr big_mkcond /=; apply: eq_bigr => j' _.
by rewrite eq_sym; case: ifP.
Qed.

Lemma no_overlap (d0 : (0 < d)%N) (sep : (d * (k - 1) < s)%N)
    (a b : 'I_m) (j j' : 'I_k) :
  (a * s + j * d == b * s + j' * d)%N = (a == b) && (j == j').
Proof.
have jk := ltn_ord j; have jk' := ltn_ord j'.
have hj : (j * d <= d * (k - 1))%N by rewrite mulnC leq_mul2l; apply/orP; right; nat_lia.
have hj' : (j' * d <= d * (k - 1))%N by rewrite mulnC leq_mul2l; apply/orP; right; nat_lia.
apply/idP/idP => [/eqP he|/andP[/eqP -> /eqP ->]] //.
have ab : a = b :> nat.
  case: (ltngtP a b) => [hab|hab|//]; exfalso.
    have : (a.+1 * s <= b * s)%N by rewrite leq_mul2r hab orbT.
    by rewrite mulSn => hs; nat_lia.
  have : (b.+1 * s <= a * s)%N by rewrite leq_mul2r hab orbT.
  by rewrite mulSn => hs; nat_lia.
have jj : j = j' :> nat.
  by move: he; rewrite ab => /eqP; rewrite eqn_add2l eqn_pmul2r // => /eqP.
by apply/andP; split; apply/eqP; apply: val_inj.
Qed.

(* Theorem 5c: non-overlapping windows, all reads inside: W W^T is the
   scalar matrix (sum_j w_j^2) I_m. *)
Theorem conv1d_WWt_scalar (inside : reads_inside) :
  (0 < d)%N -> (d * (k - 1) < s)%N ->
  convmx n m s p d w *m (convmx n m s p d w)^T = (\sum_(j < k) w j ^+ 2)%:M.
Proof.
move=> d0 sep; apply/matrixP => a b; rewrite WWt_entry // !mxE.
under eq_bigr => j _ do under eq_bigr => j' _ do rewrite no_overlap //.
case: (eqVneq a b) => [_|nab] /=.
  rewrite mulr1n; apply: eq_bigr => j _.
  rewrite (bigD1 j) //= eqxx big1 => [|j' ne]; first by rewrite addr0 expr2.
  by rewrite eq_sym (negbTE ne).
by rewrite mulr0n big1 // => j _; rewrite big1.
Qed.

(* Theorem 5d: under the same conditions and m >= 1,
   W W^T = I  <->  sum_j w_j^2 = 1. *)
Theorem conv1d_WWt_identity_iff (inside : reads_inside) :
  (0 < m)%N -> (0 < d)%N -> (d * (k - 1) < s)%N ->
  (convmx n m s p d w *m (convmx n m s p d w)^T == 1%:M)
    = (\sum_(j < k) w j ^+ 2 == 1).
Proof.
move=> m0 d0 sep; rewrite conv1d_WWt_scalar //.
apply/eqP/eqP => [h|->] //.
by have := congr1 (fun M : 'M[R]_m => M (Ordinal m0) (Ordinal m0)) h; rewrite !mxE eqxx !mulr1n.
Qed.

End OrthogonalRows.

(* With the PyTorch output length and no padding, every read is inside. *)
Theorem conv_len_reads_inside n k s d :
  (0 < s)%N -> conv_valid n k s 0 d -> reads_inside n (conv_len n k s 0 d) k s 0 d.
Proof.
move=> s0 hv o j; have := conv_reads_in_padded_input s0 hv (ltn_ord o) (ltn_ord j).
by rewrite muln0 addn0 add0n.
Qed.

(* Theorem 5e: PyTorch conv1d without padding, output length
   m = conv_len n, windows not overlapping (d(k-1) < s, d >= 1):
   W W^T = I exactly when sum_j w_j^2 = 1. *)
Theorem conv1d_pytorch_WWt_identity_iff (R : comRingType) n k s d (w : 'I_k -> R) :
  (0 < s)%N -> (0 < d)%N -> (d * (k - 1) < s)%N -> conv_valid n k s 0 d ->
  (convmx n (conv_len n k s 0 d) s 0 d w *m (convmx n (conv_len n k s 0 d) s 0 d w)^T
     == 1%:M)
  = (\sum_(j < k) w j ^+ 2 == 1).
Proof.
move=> s0 d0 sep hv; apply: conv1d_WWt_identity_iff => //.
  exact: conv_len_reads_inside.
by rewrite /conv_len addn1.
Qed.
