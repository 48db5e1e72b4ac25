(* W W^T = I characterised: the rows of the conv1d matrix are            *)
(* orthonormal iff the autocorrelation of the dilated kernel is 1 at 0  *)
(* and 0 at every non-zero multiple of the stride below m*s (when every *)
(* read lies inside the input; windows may overlap).  E.g.              *)
(* w = (1/2, 1/2, 1/2, -1/2) with s = 2: W W^T = I although the windows  *)
(* overlap (OrthogonalRows needs them disjoint).                         *)
From mathcomp Require Import all_ssreflect all_algebra.
From ConvMatrix Require Import NatArith GatherMap Conv1d Shapes OrthogonalRows.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Autocorrelation.

Variable R : comRingType.
Variables n m k s p d : nat.
Variable w : 'I_k -> R.

(* Autocorrelation of the dilated kernel at lag tau:
   acorr(tau) = sum over taps j, j' with j d = j' d + tau of w_j w_j'. *)
Definition acorr (tau : nat) : R :=
  \sum_(j < k) \sum_(j' < k) (if (j * d == j' * d + tau)%N then w j * w j' else 0).

Let W := convmx n m s p d w.

Lemma WWt_sym (a b : 'I_m) : (W *m W^T) a b = (W *m W^T) b a.
Proof. by rewrite -[in LHS](trmxK (W *m W^T)) trmx_mul trmxK mxE. Qed.

Lemma WWt_acorr (inside : reads_inside n m k s p d) (a b : 'I_m) :
  (a <= b)%N -> (W *m W^T) a b = acorr ((b - a) * s).
Proof.
move=> hab; rewrite WWt_entry //; apply: eq_bigr => j _; apply: eq_bigr => j' _.
have hb : (b * s = a * s + (b - a) * s)%N by rewrite mulnBl subnKC // leq_mul2r hab orbT.
have -> : (a * s + j * d == b * s + j' * d)%N = (j * d == j' * d + (b - a) * s)%N.
  by rewrite hb; apply/eqP/eqP; nat_lia.
by [].
Qed.

(* Theorem: every read inside, m >= 1:
   W W^T = I  <->  acorr(0) = 1 and acorr(delta * s) = 0 for 0 < delta < m. *)
Theorem conv1d_WWt_identity_char (inside : reads_inside n m k s p d) :
  (0 < m)%N ->
  (W *m W^T == 1%:M) = (acorr 0 == 1) && [forall delta : 'I_m, (0 < delta)%N ==> (acorr (delta * s) == 0)].
Proof.
move=> m0; apply/eqP/andP => [h|[/eqP h0 /forallP hd]].
  have e a b : (W *m W^T) a b = (1%:M : 'M[R]_m) a b by rewrite h.
  split.
    by have := e (Ordinal m0) (Ordinal m0); rewrite WWt_acorr // subnn mul0n mxE eqxx mulr1n => ->.
  apply/forallP => delta; apply/implyP => hd0.
  have := e (Ordinal m0) delta; rewrite WWt_acorr //= subn0 mxE => ->.
  rewrite (_ : (Ordinal m0 == delta) = false) ?mulr0n //.
  by apply/negbTE; rewrite -val_eqE /= eq_sym -lt0n.
apply/matrixP => a b.
wlog hab : a b / (a <= b)%N.
  move=> H; case: (leqP a b) => [|/ltnW] h; first exact: H.
  by rewrite WWt_sym H // !mxE eq_sym.
rewrite WWt_acorr // mxE; case: (eqVneq a b) => [<-|nab].
  by rewrite subnn mul0n h0 mulr1n.
have hlt : (b - a < m)%N by have := ltn_ord b; nat_lia.
have := hd (Ordinal hlt); rewrite /= subn_gt0 ltn_neqAle hab andbT.
have -> : (a != b :> nat) by [].
by move=> /= /eqP ->; rewrite mulr0n.
Qed.
End Autocorrelation.

(* Theorem: PyTorch conv1d without padding, m = conv_len n (s, d >= 1 not
   needed beyond s >= 1; windows may overlap): W W^T = I iff acorr(0) = 1
   and acorr(delta s) = 0 for 0 < delta < m. *)
Theorem conv1d_pytorch_WWt_identity_char (R : comRingType) n k s d (w : 'I_k -> R) :
  (0 < s)%N -> conv_valid n k s 0 d ->
  let m := conv_len n k s 0 d in
  (convmx n m s 0 d w *m (convmx n m s 0 d w)^T == 1%:M)
  = (acorr d w 0 == 1) && [forall delta : 'I_m, (0 < delta)%N ==> (acorr d w (delta * s) == 0)].
Proof.
move=> s0 hv m; apply: conv1d_WWt_identity_char; first exact: conv_len_reads_inside.
by rewrite /m /conv_len addn1.
Qed.
