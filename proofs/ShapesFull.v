(* Shapes, complete: asymmetric and string padding, the round trip for  *)
(* every output_padding, the reachable transposed lengths and the       *)
(* uniqueness of the output_padding solved for a target length.         *)
From mathcomp Require Import all_ssreflect.
From ConvMatrix Require Import NatArith Shapes.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

(* conv output length with pb before and pa after (PyTorch's F.pad then
   conv, and the case format's [before, after] pairs):
   m = floor((n + pb + pa - d(k-1) - 1) / s) + 1, valid when
   d(k-1) + 1 <= n + pb + pa. *)
Definition conv_valid2 (n k pb pa d : nat) : bool := d * (k - 1) + 1 <= n + pb + pa.
Definition conv_len2 (n k s pb pa d : nat) : nat := (n + pb + pa - d * (k - 1) - 1) %/ s + 1.

(* Theorem: symmetric padding is the case pb = pa = p. *)
Theorem conv_len2_sym n k s p d : conv_len2 n k s p p d = conv_len n k s p d.
Proof. by rewrite /conv_len2 /conv_len -addnA addnn -mul2n. Qed.

(* PyTorch's "same": total padding d(k-1), floor(total/2) before, the
   rest (the odd extra element) after; needs stride 1. *)
Definition same_before (k d : nat) : nat := d * (k - 1) %/ 2.
Definition same_after (k d : nat) : nat := d * (k - 1) - d * (k - 1) %/ 2.

(* Theorem: "same" keeps the length (every n >= 1, k, d). *)
Theorem same_keeps_length n k d :
  0 < n -> conv_valid2 n k (same_before k d) (same_after k d) d /\
  conv_len2 n k 1 (same_before k d) (same_after k d) d = n.
Proof.
move=> n0; rewrite /conv_valid2 /conv_len2 /same_before /same_after divn1.
have h : d * (k - 1) %/ 2 <= d * (k - 1) by rewrite leq_div.
split; nat_lia.
Qed.

(* Theorem: "valid" (no padding) gives floor((n - d(k-1) - 1)/s) + 1. *)
Theorem valid_length n k s d : conv_len2 n k s 0 0 d = (n - d * (k - 1) - 1) %/ s + 1.
Proof. by rewrite /conv_len2 !addn0. Qed.

(* Theorem: with asymmetric padding every read o*s + j*d (o < m, j < k)
   lies inside the padded input [0, n + pb + pa). *)
Theorem conv2_reads_in_padded_input n k s pb pa d (o j : nat) :
  0 < s -> conv_valid2 n k pb pa d ->
  o < conv_len2 n k s pb pa d -> j < k ->
  o * s + j * d < n + pb + pa.
Proof.
move=> s0; rewrite /conv_valid2 /conv_len2 => hv ho hj.
have hos : o * s <= n + pb + pa - d * (k - 1) - 1.
  have ho' : o <= (n + pb + pa - d * (k - 1) - 1) %/ s by nat_lia.
  by move: ho'; rewrite leq_divRL.
have hjd : j * d <= d * (k - 1) by rewrite mulnC leq_mul2l; apply/orP; right; nat_lia.
nat_lia.
Qed.

(* Theorem (round trip, every output_padding): conv applied to the
   transposed length n' = convT_len(m, op) gives m + op / s; in
   particular m exactly when op < s.  PyTorch also allows s <= op < d
   (op < max(s, d)): then the conv of n' is longer than m. *)
Theorem convT_then_conv_any_op m k s p d op :
  0 < s -> 0 < m -> convT_valid m k s p d op ->
  conv_valid (convT_len m k s p d op) k s p d /\
  conv_len (convT_len m k s p d op) k s p d = m + op %/ s.
Proof.
move=> s0 m0 hv; have he := convT_len_exact hv.
split; first by rewrite /conv_valid; nat_lia.
rewrite /conv_len.
have -> : convT_len m k s p d op + 2 * p - d * (k - 1) - 1 = (m - 1) * s + op by nat_lia.
rewrite divnMDl //; nat_lia.
Qed.

(* The smallest transposed length (op = 0), before cropping 2p:
   base + 2p = (m-1)s + d(k-1) + 1. *)
Definition convT_full (m k s d : nat) : nat := (m - 1) * s + d * (k - 1) + 1.

(* Theorem (reachable lengths): a length t >= 1 is the output length of
   the transposed layer for some legal output_padding op < max(s, d) iff
   convT_full <= t + 2p < convT_full + max(s, d). *)
Theorem convT_reachable m k s p d t :
  0 < t ->
  (exists2 op, op < maxn s d & convT_valid m k s p d op /\ convT_len m k s p d op = t)
  <-> convT_full m k s d <= t + 2 * p < convT_full m k s d + maxn s d.
Proof.
move=> t0; rewrite /convT_full /convT_valid /convT_len; split.
  by move=> [op hop [hv <-]]; apply/andP; split; nat_lia.
move=> /andP[h1 h2]; exists (t + 2 * p - ((m - 1) * s + d * (k - 1) + 1)); first by nat_lia.
split; nat_lia.
Qed.

(* Theorem (uniqueness of the solved output_padding, shape --target-size):
   if a legal op reaches t, it is t + 2p - convT_full, i.e. t - base with
   base = convT_len(m, 0) read in the integers (ShapeArithmetic.
   solveOutputPadding). *)
Theorem convT_output_padding_unique m k s p d t op :
  convT_valid m k s p d op -> convT_len m k s p d op = t ->
  op = t + 2 * p - convT_full m k s d.
Proof. rewrite /convT_valid /convT_len /convT_full => hv <-; nat_lia. Qed.
