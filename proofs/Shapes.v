(* Output lengths of conv1d / conv_transpose1d (PyTorch formulas) and  *)
(* the in-bounds property of the convolution's reads.                  *)
From mathcomp Require Import all_ssreflect.
From ConvMatrix Require Import NatArith.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

(* PyTorch's condition for conv1d to have a non-empty output:
   n + 2p >= d(k-1) + 1. *)
Definition conv_valid (n k s p d : nat) : bool := d * (k - 1) + 1 <= n + 2 * p.

(* conv1d output length: m = floor((n + 2p - d(k-1) - 1) / s) + 1.
   (Natural subtraction; exact under conv_valid.) *)
Definition conv_len (n k s p d : nat) : nat :=
  (n + 2 * p - d * (k - 1) - 1) %/ s + 1.

(* conv_transpose1d output length:
   n' = (m-1)s - 2p + d(k-1) + op + 1, written with the subtraction of 2p
   last, which is exact under convT_valid below (n' >= 1). *)
Definition convT_len (m k s p d op : nat) : nat :=
  (m - 1) * s + d * (k - 1) + op + 1 - 2 * p.

(* PyTorch's condition for conv_transpose1d to have a non-empty output:
   (m-1)s - 2p + d(k-1) + op + 1 >= 1, i.e. 2p < (m-1)s + d(k-1) + op + 1. *)
Definition convT_valid (m k s p d op : nat) : bool :=
  2 * p < (m - 1) * s + d * (k - 1) + op + 1.

Lemma convT_len_pos m k s p d op :
  convT_valid m k s p d op -> 0 < convT_len m k s p d op.
Proof. rewrite /convT_valid /convT_len => h; nat_lia. Qed.

(* The transposed length, read back in the integers, is the formula with
   no truncation: n' + 2p = (m-1)s + d(k-1) + op + 1. *)
Lemma convT_len_exact m k s p d op :
  convT_valid m k s p d op ->
  convT_len m k s p d op + 2 * p = (m - 1) * s + d * (k - 1) + op + 1.
Proof. rewrite /convT_valid /convT_len => h; nat_lia. Qed.

(* Theorem 4a: a conv_transpose1d with input length m >= 1 and
   0 <= op < s has output length n'; conv1d applied to length n' (with
   the same k, s, p, d) has output length m. *)
Theorem convT_len_then_conv_len m k s p d op :
  0 < s -> 0 < m -> op < s -> convT_valid m k s p d op ->
  conv_valid (convT_len m k s p d op) k s p d /\
  conv_len (convT_len m k s p d op) k s p d = m.
Proof.
move=> s0 m0 ops hv; have he := convT_len_exact hv.
split; first by rewrite /conv_valid; nat_lia.
rewrite /conv_len.
have -> : convT_len m k s p d op + 2 * p - d * (k - 1) - 1 = (m - 1) * s + op.
  by nat_lia.
rewrite divnMDl // divn_small //; nat_lia.
Qed.

(* Theorem 4b: for a valid input length n >= 1, with
   op = (n + 2p - d(k-1) - 1) mod s, the round trip
   n -> m = conv_len n -> convT_len m op returns n (and op is a legal
   output padding, the transposed length being valid). *)
Theorem output_padding_mod_round_trip n k s p d :
  0 < n -> 0 < s -> conv_valid n k s p d ->
  let m := conv_len n k s p d in
  let op := (n + 2 * p - d * (k - 1) - 1) %% s in
  [/\ op < s, convT_valid m k s p d op & convT_len m k s p d op = n].
Proof.
move=> n0 s0 hv m op.
have hm : m - 1 = (n + 2 * p - d * (k - 1) - 1) %/ s by rewrite /m /conv_len addnK.
have hq : n + 2 * p - d * (k - 1) - 1 = (m - 1) * s + op by rewrite hm /op -divn_eq.
have hop : op < s by exact: ltn_pmod.
move: hv; rewrite /conv_valid /convT_valid /convT_len => hv.
clearbody m op; split => //; nat_lia.
Qed.

(* Theorem 4c: every index o*s + j*d read by conv1d (o < m = conv_len,
   j < k) lies inside the padded input [0, n + 2p). *)
Theorem conv_reads_in_padded_input n k s p d (o j : nat) :
  0 < s -> conv_valid n k s p d ->
  o < conv_len n k s p d -> j < k ->
  o * s + j * d < n + 2 * p.
Proof.
move=> s0; rewrite /conv_valid /conv_len => hv ho hj.
have hos : o * s <= n + 2 * p - d * (k - 1) - 1.
  have ho' : o <= (n + 2 * p - d * (k - 1) - 1) %/ s by nat_lia.
  by move: ho'; rewrite leq_divRL.
have hjd : j * d <= d * (k - 1) by rewrite mulnC leq_mul2l; apply/orP; right; nat_lia.
nat_lia.
Qed.

(* Complement to 4c: m is the largest such count; window number m
   would read beyond the padded input. *)
Theorem conv_len_maximal n k s p d :
  0 < s -> 0 < k -> conv_valid n k s p d ->
  n + 2 * p <= conv_len n k s p d * s + (k - 1) * d.
Proof.
move=> s0 k0; rewrite /conv_valid /conv_len => hv.
have := ltn_ceil (n + 2 * p - d * (k - 1) - 1) s0.
rewrite addn1 mulnC [(k - 1) * d]mulnC => h; nat_lia.
Qed.
