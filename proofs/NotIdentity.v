(* Values are not restored: W^T W is never the identity when m < n (a  *)
(* rank argument); W W^T can be the identity (a concrete witness).     *)
From mathcomp Require Import all_ssreflect all_algebra.
From ConvMatrix Require Import GatherMap Conv1d Shapes.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Rank.

Variable F : fieldType.

(* Any m x n matrix W with m < n: W^T W has rank at most m < n, so it is
   not the n x n identity. *)
Lemma trmx_mul_not_identity m n (W : 'M[F]_(m, n)) :
  (m < n)%N -> W^T *m W != 1%:M.
Proof.
move=> lt_mn; apply/eqP => h.
have := mxrankM_maxl W^T W; rewrite h mxrank1 => le_n.
by move: (leq_trans le_n (rank_leq_col W^T)); rewrite leqNgt lt_mn.
Qed.

Lemma mulmx_all_identity n (A : 'M[F]_n) :
  (forall v : 'cV[F]_n, A *m v = v) -> A = 1%:M.
Proof.
move=> h; apply/matrixP => a b.
have := congr1 (fun M : 'cV[F]_n => M a 0) (h (delta_mx b 0)).
by rewrite -colE !mxE eqxx andbT.
Qed.

(* Theorem 5a: for conv1d with output length m < n (any k, s, p, d and
   weights), the matrix W^T W of convT1d o conv1d is not the identity ... *)
Theorem conv1d_WtW_not_identity n m k s p d (w : 'I_k -> F) :
  (m < n)%N -> (convmx n m s p d w)^T *m convmx n m s p d w != 1%:M.
Proof. exact: trmx_mul_not_identity. Qed.

(* ... and, as maps, convT1d (conv1d x) = x fails for some input x. *)
Theorem convT1d_conv1d_not_identity n m k s p d (w : 'I_k -> F) :
  (m < n)%N ->
  ~ (forall x : 'I_n -> F,
       convT1d (m:=m) s p d w (conv1d (m:=m) s p d w x) =1 x).
Proof.
move=> lt_mn h; have H1 := trmx_mul_not_identity (convmx n m s p d w) lt_mn.
suff e : (convmx n m s p d w)^T *m convmx n m s p d w = 1%:M.
  by rewrite e eqxx in H1.
apply: mulmx_all_identity => v.
have := h (fun i => v i 0); set x := fun i => v i 0 => hx.
have -> : v = \col_i x i by apply/colP => i; rewrite mxE.
rewrite -mulmxA -conv1d_matrix -convT1d_matrix.
by apply/colP => i; rewrite !mxE hx.
Qed.

(* The same for the PyTorch output length, whenever it is < n. *)
Theorem conv1d_pytorch_WtW_not_identity n k s p d (w : 'I_k -> F) :
  (conv_len n k s p d < n)%N ->
  (convmx n (conv_len n k s p d) s p d w)^T
    *m convmx n (conv_len n k s p d) s p d w != 1%:M.
Proof. exact: trmx_mul_not_identity. Qed.

(* Generic gather maps with fewer outputs than inputs. *)
Theorem gather_WtW_not_identity (O I J : finType) (idx : O -> J -> option I)
    (w : O -> J -> F) :
  (#|O| < #|I|)%N -> (gmx idx w)^T *m gmx idx w != 1%:M.
Proof. exact: trmx_mul_not_identity. Qed.

End Rank.

(* Theorem 5b: conv o convT (matrix W W^T) can be the identity.  Witness:
   n = 4, k = 1, s = 2, p = 0, d = 1, weight 1 (stride-2 subsampling);
   PyTorch output length m = 2 < n, and W W^T = I_2 over any commutative
   ring, so conv1d (convT1d y) = y for every y, while W^T W <> I_4 over
   any field by 5a. *)
Section Witness.

Variable R : comRingType.

Definition wit_w (j : 'I_1) : R := 1.

Lemma wit_len : conv_len 4 1 2 0 1 = 2%N.
Proof. by []. Qed.

Lemma sum_ord1_cond (P : pred 'I_1) (F : 'I_1 -> R) :
  \sum_(j < 1 | P j) F j = if P ord0 then F ord0 else 0.
Proof. by rewrite big_mkcond big_ord1. Qed.

Theorem conv1d_WWt_identity_witness :
  convmx 4 2 2 0 1 wit_w *m (convmx 4 2 2 0 1 wit_w)^T = 1%:M.
Proof.
apply/matrixP => a b; rewrite !mxE.
rewrite !big_ord_recl !big_ord0 ?mxE.
rewrite !sum_ord1_cond /wit_w.
case: a => [[|[|a]] ha] //; case: b => [[|[|b]] hb] //=.
all: by rewrite ?(mul0r, mulr0, addr0, add0r, mulr1).
Qed.

Theorem conv1d_convT1d_identity_witness (y : 'I_2 -> R) :
  conv1d (n:=4) 2 0 1 wit_w (convT1d 2 0 1 wit_w y) =1 y.
Proof.
move=> o.
have := congr1 (fun M : 'cV[R]_2 => M o 0)
  (conv1d_matrix 2 2 0 1 wit_w (convT1d (n:=4) 2 0 1 wit_w y)).
rewrite (convT1d_matrix 4) mulmxA conv1d_WWt_identity_witness mul1mx !mxE.
by move->.
Qed.

End Witness.

Theorem conv1d_witness_WtW_not_identity (F : fieldType) :
  (convmx 4 2 2 0 1 (wit_w F))^T *m convmx 4 2 2 0 1 (wit_w F) != 1%:M.
Proof. exact: trmx_mul_not_identity. Qed.
