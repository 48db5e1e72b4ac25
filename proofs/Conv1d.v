(* 1-D convolution (PyTorch semantics: cross-correlation, zero padding,  *)
(* stride, dilation) and its direct scatter transposed convolution, as   *)
(* an instance of the generic gather map.                                *)
From mathcomp Require Import all_ssreflect all_algebra.
From ConvMatrix Require Import GatherMap.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Conv1d.

Variable R : comRingType.
(* n: input length, m: output length, k: kernel size,
   s: stride, p: padding, d: dilation.  The theorems of this file hold for
   every m; the PyTorch output length m = (n + 2p - d(k-1) - 1) %/ s + 1
   is studied in Shapes.v. *)
Variables n m k s p d : nat.
Variable w : 'I_k -> R.

(* Position q of the zero-padded input (length n + 2p) to position of the
   input: q - p when p <= q < p + n, None (a padding zero) otherwise. *)
Definition unpad (q : nat) : option 'I_n :=
  if (p <= q)%N then insub (q - p)%N else None.

(* xpad(q) = x(q - p) if 0 <= q - p < n, and 0 otherwise. *)
Definition xpad (x : 'I_n -> R) (q : nat) : R := read x (unpad q).

(* PyTorch conv1d: out[o] = sum_(j<k) w[j] * xpad[o*s + j*d]. *)
Definition conv1d (x : 'I_n -> R) (o : 'I_m) : R :=
  \sum_(j < k) w j * xpad x (o * s + j * d).

(* PyTorch conv_transpose1d, direct scatter form:
   out[t] = sum_(i<m) sum_(j<k) [i*s + j*d - p = t] * y[i] * w[j],
   the condition written without subtraction as i*s + j*d = t + p. *)
Definition convT1d (y : 'I_m -> R) (t : 'I_n) : R :=
  \sum_(i < m) \sum_(j < k)
     (if (i * s + j * d == t + p)%N then w j * y i else 0).

(* The matrix W (m x n): W(o,i) = sum of w[j] over taps j with
   o*s + j*d = i + p. *)
Definition convmx : 'M[R]_(m, n) :=
  \matrix_(o, i) \sum_(j < k | (o * s + j * d == i + p)%N) w j.

(* The index map of conv1d, for the generic gather map. *)
Definition idx1 (o : 'I_m) (j : 'I_k) : option 'I_n := unpad (o * s + j * d).
Definition w1 (o : 'I_m) (j : 'I_k) : R := w j.

Lemma unpad_eq (q : nat) (i : 'I_n) : (unpad q == Some i) = (q == i + p)%N.
Proof.
rewrite /unpad; case: leqP => hpq.
  case: insubP => [t _ vt|hn].
    by apply/eqP/eqP => [[<-]|hq]; [rewrite vt subnK | congr Some; apply: val_inj; rewrite /= vt hq addnK].
  apply/esym/negbTE/eqP => hq; move: hn; rewrite hq addnK ltn_ord //.
apply/esym/negbTE/eqP => hq; move: hpq; rewrite hq ltnNge leq_addl //.
Qed.

Lemma conv1d_gather (x : 'I_n -> R) : conv1d x =1 gather idx1 w1 x.
Proof. by []. Qed.

Lemma convT1d_scatter (y : 'I_m -> R) : convT1d y =1 scatter idx1 w1 y.
Proof.
move=> t; rewrite /convT1d /scatter; apply eq_bigr => i _; rewrite [RHS]big_mkcond /=.
by apply eq_bigr => j _; rewrite /idx1 unpad_eq.
Qed.

Lemma coef_convmx (o : 'I_m) (i : 'I_n) : coef idx1 w1 o i = convmx o i.
Proof. by rewrite mxE; apply: eq_bigl => j; rewrite /idx1 unpad_eq. Qed.

(* Theorem 2a: direct conv1d = W x. *)
Theorem conv1d_matrix (x : 'I_n -> R) :
  \col_o conv1d x o = convmx *m \col_i x i.
Proof.
apply/colP => o; rewrite !mxE conv1d_gather gather_coef.
by apply: eq_bigr => i _; rewrite coef_convmx !mxE.
Qed.

(* Theorem 2b: direct scatter transposed conv1d = W^T y. *)
Theorem convT1d_matrix (y : 'I_m -> R) :
  \col_t convT1d y t = convmx^T *m \col_i y i.
Proof.
apply/colP => t; rewrite !mxE convT1d_scatter scatter_coef.
by apply: eq_bigr => i _; rewrite coef_convmx !mxE.
Qed.

(* Adjoint identity for conv1d: <conv1d x, y> = <x, convT1d y>. *)
Theorem conv1d_adjoint (x : 'I_n -> R) (y : 'I_m -> R) :
  \sum_(o < m) conv1d x o * y o = \sum_(t < n) x t * convT1d y t.
Proof.
rewrite (gather_adjoint idx1 w1 x y); apply: eq_bigr => t _.
by rewrite convT1d_scatter.
Qed.

End Conv1d.
