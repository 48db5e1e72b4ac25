(* Zero insertion in N-d: insert s_a - 1 zeros along every axis, pad    *)
(* each axis with P_a = d_a(k_a-1) - p_a zeros, and run the stride-1    *)
(* convolution with the kernel flipped along every axis; with channels  *)
(* and groups this is the direct scatter conv_transposeNd of ConvNd.    *)
From mathcomp Require Import all_ssreflect all_algebra.
From ConvMatrix Require Import NatArith GatherMap Conv1d ConvNd ZeroInsertion.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

(* Per axis: the element of y that position r of the zero-inserted,
   padded signal holds (None: an inserted or padded zero).  Axis a of the
   transposed layer: input length ax_m, kernel ax_k, stride ax_s,
   padding ax_p, dilation ax_d (ConvNd.axis). *)
Definition zsrc1 (a : axis) (r : nat) : option 'I_(ax_m a) :=
  let: P := left_pad (ax_k a) (ax_p a) (ax_d a) in
  if r%:Z - P is Posz q then
    if (q < zi_len (ax_m a) (ax_s a))%N then
      (if (ax_s a %| q)%N then insub (q %/ ax_s a)%N else None)
    else None
  else None.

Lemma zpad_zsrc1 (R : comRingType) (a : axis) (y : 'I_(ax_m a) -> R) (r : nat) :
  zpad (ax_k a) (ax_s a) (ax_p a) (ax_d a) y r = read y (zsrc1 a r).
Proof.
rewrite /zpad /zsrc1; case: (_ - _) => [q|//].
case: insubP => [u hu vu|hu] /=.
  by rewrite hu /zero_insert vu; case: ifP.
by rewrite (negbTE hu).
Qed.

Lemma zsrc1_tap (a : axis) (t : nat) (j : 'I_(ax_k a)) (i : 'I_(ax_m a)) : (0 < ax_s a)%N ->
  (zsrc1 a (t + rev_ord j * ax_d a) == Some i) = (i * ax_s a + j * ax_d a == t + ax_p a)%N.
Proof.
move=> s0.
have h := zpad_tap (ax_p a) (ax_d a) (fun i' : 'I_(ax_m a) => ((i' == i)%:R : int)) t j s0.
rewrite zpad_zsrc1 in h.
have lhs : read (fun i' : 'I_(ax_m a) => ((i' == i)%:R : int)) (zsrc1 a (t + rev_ord j * ax_d a))
           = (zsrc1 a (t + rev_ord j * ax_d a) == Some i)%:R.
  by case: (zsrc1 _ _) => [v|] //=; rewrite (inj_eq Some_inj).
rewrite lhs in h.
rewrite (bigD1 i) //= eqxx big1 ?addr0 in h => [|i' hi']; last by case: ifP; rewrite // (negbTE hi').
move: h; case: (zsrc1 _ _ == _); case: (_ == _)%N => //=.
Qed.

(* The kernel flipped along every axis. *)
Fixpoint flipN (axes : seq axis) : TapN axes -> TapN axes :=
  match axes return TapN axes -> TapN axes with
  | [::] => fun j => j
  | a :: axes' => fun j => (rev_ord j.1, @flipN axes' j.2)
  end.

Lemma flipNK axes : involutive (@flipN axes).
Proof. elim: axes => [|a axes IH] //= [j1 j2]; by rewrite rev_ordK IH. Qed.

(* N-d: output position t with tap j reads the zero-inserted, padded
   input at t_a + j_a d_a on every axis. *)
Fixpoint zsrcN (axes : seq axis) : InN axes -> TapN axes -> option (OutN axes) :=
  match axes return InN axes -> TapN axes -> option (OutN axes) with
  | [::] => fun _ _ => Some tt
  | a :: axes' => fun t j => opair (zsrc1 a (t.1 + j.1 * ax_d a)) (@zsrcN axes' t.2 j.2)
  end.

Lemma zsrcN_tap axes (t : InN axes) (j : TapN axes) (i : OutN axes) :
  all (fun a => 0 < ax_s a)%N axes ->
  (@zsrcN axes t (flipN j) == Some i) = @ndcond axes i j t.
Proof.
elim: axes t j i => [|a axes IH] /= t j i; first by case: i.
move=> /andP[s0 hs]; case: i => i1 i2.
by rewrite opair_eq zsrc1_tap // IH.
Qed.

Section ZeroInsertionNd.
Variable R : comRingType.
Variables G cig cog : nat.
Variable axes : seq axis.
Variable w : 'I_(G * cog) -> 'I_cig -> TapN axes -> R.

(* The textbook conv_transposeNd: for output channel ci (of group g), sum
   over the group's channels co and the kernel flipped on every axis of
   w * (zero-inserted, padded y[co]) at t + j d. *)
Definition convT_textbookN (y : OutCN G cog axes -> R) (x : InCN G cig axes) : R :=
  let: (ci, t) := x in
  \sum_(co < G * cog) \sum_(c < cig)
    (if in_channel co c == ci
     then \sum_(j : TapN axes) w co c (flipN j) * read (fun i => y (co, i)) (@zsrcN axes t j)
     else 0).

(* Theorem: with every stride >= 1, the zero-insertion formulation equals
   the direct scatter conv_transposeNd (ConvNd.convTNd), channels and
   groups included. *)
Theorem zero_insertionN_eq_scatter (y : OutCN G cog axes -> R) :
  all (fun a => 0 < ax_s a)%N axes -> convT_textbookN y =1 convTNd w y.
Proof.
move=> hs [ci t] /=; apply: eq_bigr => co _.
rewrite exchange_big /=; apply: eq_bigr => c _.
case: ifP => hc /=; last first.
  by apply/esym/big1 => op _; rewrite big1_eq.
rewrite (reindex_inj (inv_inj (@flipNK axes))) /=.
transitivity (\sum_(j : TapN axes) \sum_(i : OutN axes)
                 (if @ndcond axes i j t then w co c j * y (co, i) else 0)); last first.
  by rewrite exchange_big.
apply: eq_bigr => j _.
rewrite (flipNK j) read_sum big_distrr big_mkcond /=.
by apply: eq_bigr => i _; rewrite zsrcN_tap //; case: ifP.
Qed.
End ZeroInsertionNd.
