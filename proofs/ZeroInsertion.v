(* The textbook formulation of conv_transpose1d: insert s-1 zeros       *)
(* between the inputs, pad with d(k-1)-p zeros (an integer: a negative  *)
(* amount crops), and run a stride-1 convolution with the flipped       *)
(* kernel; it equals the direct scatter form convT1d of Conv1d.v.       *)
From mathcomp Require Import all_ssreflect all_algebra.
From ConvMatrix Require Import NatArith GatherMap Conv1d.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section ZeroInsertion.

Variable R : comRingType.
(* m: input length of the transposed convolution, n: its output length
   (n' = (m-1)s - 2p + d(k-1) + op + 1 for output padding op; the
   theorem holds for every n). *)
Variables n m k s p d : nat.
Variable w : 'I_k -> R.

(* Step 1: zero insertion.  u has length (m-1)s + 1 and
   u[q] = y[q/s] if s divides q, 0 otherwise. *)
Definition zi_len : nat := ((m - 1) * s + 1)%N.

Definition zero_insert (y : 'I_m -> R) (q : 'I_zi_len) : R :=
  if (s %| q)%N then read y (insub (q %/ s)%N) else 0.

(* Step 2: zero padding by P = d(k-1) - p on the left (and P + op on the
   right, which only matters through the output length n).  Position r of
   the padded signal holds u[r - P] if 0 <= r - P < (m-1)s + 1, else 0. *)
Definition left_pad : int := (d * (k - 1))%:Z - p%:Z.

Definition zpad (y : 'I_m -> R) (r : int) : R :=
  if r - left_pad is Posz q then read (zero_insert y) (insub q) else 0.

(* Step 3: stride-1 convolution (dilation d) with the flipped kernel
   w'[j] = w[k-1-j]. *)
Definition convT_textbook (y : 'I_m -> R) (t : 'I_n) : R :=
  \sum_(j < k) w (rev_ord j) * zpad y (t + j * d)%N.

Lemma int_lin (a b c e : nat) : (a + e = c + b)%N -> a%:Z - b%:Z = c%:Z - e%:Z.
Proof.
move=> h; apply/eqP; rewrite subr_eq -addrAC eq_sym subr_eq.
by rewrite -!PoszD h.
Qed.

Lemma read_zero_insert (y : 'I_m -> R) (r : nat) :
  (0 < s)%N ->
  read (zero_insert y) (insub r) =
  \sum_(i < m) (if (i * s == r)%N then y i else 0).
Proof.
move=> s0; rewrite -big_mkcond /=.
have rhs : \sum_(i < m | (i * s == r)%N) y i =
           if (s %| r)%N then read y (insub (r %/ s)%N) else 0.
  case: ifP => [dv|ndv].
    case: insubP => [i0 _ v0|hm] /=.
      apply: (big_pred1 i0) => i /=; apply/eqP/eqP => [h|->].
        by apply: val_inj; rewrite v0 /= -h mulnK.
      by rewrite v0 divnK.
    apply: big1 => i /eqP h; move: hm; rewrite -h mulnK // ltn_ord //.
  by apply: big1 => i /eqP h; move: ndv; rewrite -h dvdn_mull.
rewrite rhs; case: insubP => [q _ vq|hL] /=.
  by rewrite /zero_insert vq.
case: ifP => // dv; case: insubP => [i0 _ v0|//] /=.
move: hL; rewrite /zi_len -(divnK dv) -v0 -leqNgt => hL.
have : (i0 <= m - 1)%N by move: (ltn_ord i0); nat_lia.
rewrite -(leq_pmul2r s0) => hle; exfalso.
have hL2 : ((m - 1) * s + 1 <= i0 * s)%N := hL.
clear -hL2 hle; nat_lia.
Qed.


Lemma zpad_tap (y : 'I_m -> R) (t : nat) (j : 'I_k) :
  (0 < s)%N ->
  zpad y (t + rev_ord j * d)%N =
  \sum_(i < m) (if (i * s + j * d == t + p)%N then y i else 0).
Proof.
move=> s0; have jk := ltn_ord j.
have jd : (j * d <= d * (k - 1))%N.
  by rewrite mulnC leq_mul2l; apply/orP; right; nat_lia.
have hr : Posz (t + rev_ord j * d)%N - left_pad = Posz (t + p)%N - Posz (j * d)%N.
  rewrite /left_pad opprB addrA -PoszD; apply: int_lin.
  have e : ((k - j.+1) * d + j * d = d * (k - 1))%N.
    by rewrite -mulnDl mulnC; congr (_ * _)%N; nat_lia.
  rewrite /=; nat_lia.
rewrite /zpad hr; case: (leqP (j * d) (t + p)) => hjd.
  rewrite subzn // read_zero_insert //; apply: eq_bigr => i _.
  by congr (if _ then _ else _); apply/eqP/eqP => h; nat_lia.
have -> : (t + p)%:Z - (j * d)%:Z = Negz (j * d - (t + p)).-1.
  rewrite NegzE prednK ?subn_gt0 // -opprB subzn //; exact: ltnW.
rewrite big1 // => i _; case: eqP => // h; move: hjd; nat_lia.
Qed.

(* Theorem 2c: the zero-insertion formulation equals the scatter one. *)
Theorem zero_insertion_eq_scatter (y : 'I_m -> R) :
  (0 < s)%N -> convT_textbook y =1 convT1d s p d w y.
Proof.
move=> s0 t; rewrite /convT_textbook /convT1d.
rewrite (reindex_inj rev_ord_inj) /=.
under eq_bigr => j _ do rewrite rev_ordK zpad_tap // big_distrr /=.
rewrite exchange_big /=; apply: eq_bigr => i _; apply: eq_bigr => j _.
by case: ifP; rewrite ?mulr0.
Qed.

End ZeroInsertion.
