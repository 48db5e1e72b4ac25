(* 2-D convolution with channels and groups (PyTorch conv2d and the     *)
(* direct scatter conv_transpose2d) as an instance of the generic        *)
(* gather map: the index is a product of per-axis index maps, with the   *)
(* channel (determined by the group) as a component.                     *)
From mathcomp Require Import all_ssreflect all_algebra.
From ConvMatrix Require Import NatArith GatherMap Conv1d.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

(* Product of two optional indices: a read is inside the input iff it is
   inside along every component. *)
Definition opair (A B : Type) (a : option A) (b : option B) : option (A * B) :=
  if a is Some a' then (if b is Some b' then Some (a', b') else None) else None.

Arguments opair : simpl never.

Lemma opair_eq (A B : eqType) (a : option A) (b : option B) x y :
  (opair a b == Some (x, y)) = (a == Some x) && (b == Some y).
Proof. by case: a => [a|] //; case: b => [b|] //; rewrite andbF. Qed.

Section Sums.
Variable R : comRingType.
Lemma sum_pair (A B : finType) (F : A * B -> R) :
  \sum_(t : A * B) F t = \sum_(a : A) \sum_(b : B) F (a, b).
Proof. by rewrite pair_big /=; apply: eq_bigr => [[a b]]. Qed.
End Sums.

Section Conv2d.

Variable R : comRingType.
(* G groups; cig input and cog output channels per group, so
   C_in = G * cig and C_out = G * cog (groups divide both counts). *)
Variables G cig cog : nat.
(* Height axis: input nh, output mh, kernel kh, stride sh, padding ph,
   dilation dh; width axis likewise. *)
Variables nh mh kh sh ph dh : nat.
Variables nw mw kw sw pw dw : nat.
(* PyTorch weight of shape (C_out, C_in / G, kH, kW). *)
Variable w : 'I_(G * cog) -> 'I_cig -> 'I_kh -> 'I_kw -> R.

Definition In2 := ('I_(G * cig) * 'I_nh * 'I_nw)%type.
Definition Out2 := ('I_(G * cog) * 'I_mh * 'I_mw)%type.
Definition Tap2 := ('I_cig * 'I_kh * 'I_kw)%type.

(* Output channel co belongs to group g = co / cog and reads the input
   channels g * cig + c, c < cig. *)
Lemma in_channel_proof (co : 'I_(G * cog)) (c : 'I_cig) :
  (co %/ cog * cig + c < G * cig)%N.
Proof.
have : (0 < G * cog)%N := leq_ltn_trans (leq0n co) (ltn_ord co).
rewrite muln_gt0 => /andP[_ cog0].
have hg : (co %/ cog < G)%N by rewrite ltn_divLR // ltn_ord.
have hc := ltn_ord c.
apply: (@leq_trans ((co %/ cog).+1 * cig)); first by rewrite mulSn; nat_lia.
by rewrite leq_mul2r hg orbT.
Qed.

Definition in_channel (co : 'I_(G * cog)) (c : 'I_cig) : 'I_(G * cig) :=
  Ordinal (in_channel_proof co c).

(* Zero-padded input: xpad(ci, qh, qw) = x(ci, qh - ph, qw - pw) if
   ph <= qh < ph + nh and pw <= qw < pw + nw, 0 otherwise. *)
Definition xpad2 (x : In2 -> R) (ci : 'I_(G * cig)) (qh qw : nat) : R :=
  match unpad nh ph qh, unpad nw pw qw with
  | Some ih, Some iw => x (ci, ih, iw)
  | _, _ => 0
  end.

(* PyTorch conv2d:
   out[co][oh][ow] = sum_(c<cig) sum_(jh<kh) sum_(jw<kw)
       w[co][c][jh][jw] * xpad[g(co)*cig + c][oh*sh + jh*dh][ow*sw + jw*dw]. *)
Definition conv2d (x : In2 -> R) (o : Out2) : R :=
  let: (co, oh, ow) := o in
  \sum_(c < cig) \sum_(jh < kh) \sum_(jw < kw)
     w co c jh jw * xpad2 x (in_channel co c) (oh * sh + jh * dh) (ow * sw + jw * dw).

(* PyTorch conv_transpose2d (weight of shape (C_in', C_out'/G, kH, kW)
   with C_in' = G*cog, C_out' = G*cig), direct scatter form:
   out[ci][th][tw] = sum over co, oh, ow, c, jh, jw with
     g(co)*cig + c = ci, oh*sh + jh*dh = th + ph, ow*sw + jw*dw = tw + pw
   of w[co][c][jh][jw] * y[co][oh][ow]. *)
Definition convT2d (y : Out2 -> R) (i : In2) : R :=
  let: (ci, th, tw) := i in
  \sum_(co < G * cog) \sum_(oh < mh) \sum_(ow < mw)
  \sum_(c < cig) \sum_(jh < kh) \sum_(jw < kw)
     (if [&& in_channel co c == ci, (oh * sh + jh * dh == th + ph)%N
           & (ow * sw + jw * dw == tw + pw)%N]
      then w co c jh jw * y (co, oh, ow) else 0).

(* The index map: channel component times the per-axis maps of Conv1d. *)
Definition idx2 (o : Out2) (j : Tap2) : option In2 :=
  let: (co, oh, ow) := o in
  let: (c, jh, jw) := j in
  opair (opair (Some (in_channel co c)) (idx1 nh sh ph dh oh jh))
        (idx1 nw sw pw dw ow jw).

Definition w2 (o : Out2) (j : Tap2) : R :=
  let: (co, _, _) := o in let: (c, jh, jw) := j in w co c jh jw.

Lemma conv2d_gather (x : In2 -> R) : conv2d x =1 gather idx2 w2 x.
Proof.
move=> [[co oh] ow]; rewrite /gather !sum_pair /=.
apply: eq_bigr => c _; apply: eq_bigr => jh _; apply: eq_bigr => jw _.
rewrite /xpad2 /idx1.
by case: (unpad nh ph _) => [ih|]; case: (unpad nw pw _) => [iw|].
Qed.

Lemma convT2d_scatter (y : Out2 -> R) : convT2d y =1 scatter idx2 w2 y.
Proof.
move=> [[ci th] tw]; rewrite /scatter !sum_pair /=.
apply: eq_bigr => co _; apply: eq_bigr => oh _; apply: eq_bigr => ow _.
rewrite [RHS]big_mkcond !sum_pair /=.
apply: eq_bigr => c _; apply: eq_bigr => jh _; apply: eq_bigr => jw _.
by rewrite !opair_eq /idx1 !unpad_eq /= andbA.
Qed.

(* Theorem 3a: conv2d with channels and groups = W x. *)
Theorem conv2d_matrix (x : In2 -> R) :
  colv (conv2d x) = gmx idx2 w2 *m colv x.
Proof.
rewrite -gather_matrix; apply/colP => a; rewrite !mxE.
exact: conv2d_gather.
Qed.

(* Theorem 3b: the direct scatter conv_transpose2d = W^T y. *)
Theorem convT2d_matrix (y : Out2 -> R) :
  colv (convT2d y) = (gmx idx2 w2)^T *m colv y.
Proof.
rewrite -scatter_matrix; apply/colP => a; rewrite !mxE.
exact: convT2d_scatter.
Qed.

(* Theorem 3c: adjoint identity <conv2d x, y> = <x, convT2d y>. *)
Theorem conv2d_adjoint (x : In2 -> R) (y : Out2 -> R) :
  \sum_(o : Out2) conv2d x o * y o = \sum_(i : In2) x i * convT2d y i.
Proof.
under eq_bigr => o _ do rewrite conv2d_gather.
rewrite gather_adjoint; apply: eq_bigr => i _.
by rewrite convT2d_scatter.
Qed.

End Conv2d.

(* N-d convolution with channels and groups, by iterated product of the
   per-axis index maps of Conv1d.v. *)
Record axis := Axis {
  ax_n : nat; (* input length *)
  ax_m : nat; (* output length *)
  ax_k : nat; (* kernel size *)
  ax_s : nat; (* stride *)
  ax_p : nat; (* padding *)
  ax_d : nat  (* dilation *)
}.

(* Multi-indices 'I_n1 * ('I_n2 * ( ... * unit)). *)
Fixpoint ndpos (ns : seq nat) : finType :=
  if ns is n :: ns' then prod_finType (ordinal_finType n) (ndpos ns')
  else unit_finType.

Definition InN (axes : seq axis) : finType := ndpos (map ax_n axes).
Definition OutN (axes : seq axis) : finType := ndpos (map ax_m axes).
Definition TapN (axes : seq axis) : finType := ndpos (map ax_k axes).

(* The N-d index map: product over the axes of the 1-D maps. *)
Fixpoint idxN (axes : seq axis) : OutN axes -> TapN axes -> option (InN axes) :=
  match axes return OutN axes -> TapN axes -> option (InN axes) with
  | [::] => fun _ _ => Some tt
  | a :: axes' => fun o j =>
      opair (idx1 (ax_n a) (ax_s a) (ax_p a) (ax_d a) o.1 j.1)
            (@idxN axes' o.2 j.2)
  end.

(* Its meaning: output position o with tap j reads input position i iff
   o_a * s_a + j_a * d_a = i_a + p_a on every axis a. *)
Fixpoint ndcond (axes : seq axis) : OutN axes -> TapN axes -> InN axes -> bool :=
  match axes return OutN axes -> TapN axes -> InN axes -> bool with
  | [::] => fun _ _ _ => true
  | a :: axes' => fun o j i =>
      ((o.1 * ax_s a + j.1 * ax_d a == i.1 + ax_p a)%N
       && @ndcond axes' o.2 j.2 i.2)
  end.

Lemma idxN_eq (axes : seq axis) o j i :
  (@idxN axes o j == Some i) = @ndcond axes o j i.
Proof.
elim: axes o j i => [|a axes IH] /= o j i; first by case: i.
by case: i => i1 i2; rewrite opair_eq /idx1 unpad_eq IH.
Qed.

Section ConvNd.

Variable R : comRingType.
Variables G cig cog : nat.
Variable axes : seq axis.
(* PyTorch weight of shape (C_out, C_in / G, k_1, ..., k_N). *)
Variable w : 'I_(G * cog) -> 'I_cig -> TapN axes -> R.

Definition InCN : finType := prod_finType (ordinal_finType (G * cig)) (InN axes).
Definition OutCN : finType := prod_finType (ordinal_finType (G * cog)) (OutN axes).
Definition TapCN : finType := prod_finType (ordinal_finType cig) (TapN axes).

(* PyTorch convNd:
   out[co][o] = sum_(c<cig) sum_(j) w[co][c][j] * xpad[g(co)*cig + c][o*s + j*d],
   the padded read being x[ci][i] for the i with ndcond o j i (if any:
   then i_a = o_a s_a + j_a d_a - p_a on every axis), 0 otherwise. *)
Definition convNd (x : InCN -> R) (o : OutCN) : R :=
  let: (co, op) := o in
  \sum_(c < cig) \sum_(j : TapN axes)
     w co c j * read (fun i => x (in_channel co c, i)) (@idxN axes op j).

(* PyTorch conv_transposeNd, direct scatter form. *)
Definition convTNd (y : OutCN -> R) (i : InCN) : R :=
  let: (ci, ip) := i in
  \sum_(co < G * cog) \sum_(op : OutN axes) \sum_(c < cig) \sum_(j : TapN axes)
     (if (in_channel co c == ci) && @ndcond axes op j ip
      then w co c j * y (co, op) else 0).

Definition idxCN (o : OutCN) (j : TapCN) : option InCN :=
  let: (co, op) := o in let: (c, jp) := j in
  opair (Some (in_channel co c)) (@idxN axes op jp).

Definition wCN (o : OutCN) (j : TapCN) : R :=
  let: (co, _) := o in let: (c, jp) := j in w co c jp.

Lemma convNd_gather (x : InCN -> R) : convNd x =1 gather idxCN wCN x.
Proof.
move=> [co op]; rewrite /gather sum_pair /=.
apply: eq_bigr => c _; apply: eq_bigr => j _.
by case: (@idxN axes op j).
Qed.

Lemma convTNd_scatter (y : OutCN -> R) : convTNd y =1 scatter idxCN wCN y.
Proof.
move=> [ci ip]; rewrite /scatter sum_pair /=.
apply: eq_bigr => co _; apply: eq_bigr => op _.
rewrite [RHS]big_mkcond sum_pair /=.
apply: eq_bigr => c _; apply: eq_bigr => j _.
by rewrite opair_eq idxN_eq.
Qed.

(* Theorem 3d: N-d convolution with channels and groups = W x. *)
Theorem convNd_matrix (x : InCN -> R) :
  colv (convNd x) = gmx idxCN wCN *m colv x.
Proof.
rewrite -gather_matrix; apply/colP => a; rewrite !mxE.
exact: convNd_gather.
Qed.

(* Theorem 3e: N-d direct scatter transposed convolution = W^T y. *)
Theorem convTNd_matrix (y : OutCN -> R) :
  colv (convTNd y) = (gmx idxCN wCN)^T *m colv y.
Proof.
rewrite -scatter_matrix; apply/colP => a; rewrite !mxE.
exact: convTNd_scatter.
Qed.

(* Theorem 3f: adjoint identity for the N-d layer. *)
Theorem convNd_adjoint (x : InCN -> R) (y : OutCN -> R) :
  \sum_(o : OutCN) convNd x o * y o = \sum_(i : InCN) x i * convTNd y i.
Proof.
under eq_bigr => o _ do rewrite convNd_gather.
rewrite gather_adjoint; apply: eq_bigr => i _.
by rewrite convTNd_scatter.
Qed.

End ConvNd.
