(* A wide layer (m < n) has a non-zero input x with conv(x) = 0; for it  *)
(* (W^T W - I) x = -x, so ||W^T W - I|| >= 1 in every operator norm.   *)
From mathcomp Require Import all_ssreflect all_algebra.
From ConvMatrix Require Import GatherMap Conv1d Shapes.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section NullVector.
Variable F : fieldType.

Lemma wide_null_vector m n (W : 'M[F]_(m, n)) :
  (m < n)%N -> exists2 x : 'cV[F]_n, x != 0 & W *m x = 0.
Proof.
move=> lt_mn; set K := kermx W^T.
have hK : K != 0.
  rewrite -mxrank_eq0 mxrank_ker -lt0n subn_gt0.
  exact: leq_ltn_trans (rank_leq_col W^T) lt_mn.
have [i hi] : exists i, row i K != 0.
  apply/existsP; apply: contraR hK; rewrite negb_exists => /forallP h.
  apply/eqP/row_matrixP => i; rewrite row0; exact/eqP/negPn.
exists (row i K)^T; first by rewrite trmx_eq0.
by rewrite -[W]trmxK -trmx_mul -row_mul mulmx_ker row0 trmx0.
Qed.

(* Theorem: conv1d with m < n (any k, s, p, d, weights) sends a non-zero
   input to 0, and for that input (W^T W - I) x = -x: the round trip
   convT(conv(x)) = 0 loses x entirely, and ||W^T W - I|| >= 1 in every
   operator norm. *)
Theorem conv1d_null_input n m k s p d (w : 'I_k -> F) :
  (m < n)%N ->
  exists2 x : 'I_n -> F, (exists i, x i != 0) &
    (forall o, conv1d (m:=m) s p d w x o = 0) /\
    ((convmx n m s p d w)^T *m convmx n m s p d w - 1%:M) *m (\col_i x i) = - (\col_i x i).
Proof.
move=> lt_mn; have [v nz hv] := wide_null_vector (convmx n m s p d w) lt_mn.
exists (fun i => v i 0).
  apply/existsP; apply: contraR nz; rewrite negb_exists => /forallP h.
  by apply/eqP/colP => i; rewrite mxE; apply/eqP/negPn.
have hc : \col_i v i 0 = v by apply/colP => a; rewrite mxE.
split; last by rewrite mulmxBl -mulmxA hc hv mulmx0 mul1mx sub0r.
move=> o; have := congr1 (fun M : 'cV[F]_m => M o 0) (@conv1d_matrix F n m k s p d w (fun i => v i 0)).
by rewrite hc hv !mxE.
Qed.

(* The same for PyTorch's output length m = conv_len n, whenever m < n. *)
Theorem conv1d_pytorch_null_input n k s p d (w : 'I_k -> F) :
  (conv_len n k s p d < n)%N ->
  exists2 x : 'I_n -> F, (exists i, x i != 0) &
    (forall o, conv1d (m:=conv_len n k s p d) s p d w x o = 0).
Proof.
move=> lt; have [x nz [h _]] := conv1d_null_input s p d w lt.
by exists x.
Qed.
End NullVector.
