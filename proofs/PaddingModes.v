(* Reflect, replicate and circular padding as a matrix: W = W0 * P.     *)
(* W0 is the convolution without padding of the padded input, P the 0/1 *)
(* padding matrix (xpad = P x, one 1 per row at most: the source of a    *)
(* padded position), P^T the accumulation of the padded copies onto     *)
(* their sources (the backward pass of the padding).  Also: bias as      *)
(* [W | b] and a batch as a block-diagonal matrix.                       *)
From mathcomp Require Import all_ssreflect all_algebra.
From ConvMatrix Require Import NatArith GatherMap Conv1d ConvNd RowMajor PaddedNd.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Compose.
Variable R : comRingType.
Variables O J T I : finType.

(* A gather followed by a selection (each position of T reads at most one
   position of I, with weight 1) is the gather through the composed map. *)
Theorem gmx_comp (idx1 : O -> J -> option T) (w : O -> J -> R) (idx2 : T -> unit -> option I) :
  gmx idx1 w *m gmx idx2 (fun _ _ => 1) = gmx (fun o j => obind (fun t => idx2 t tt) (idx1 o j)) w.
Proof.
apply/matrixP => a b; rewrite !mxE.
rewrite (eq_bigr (fun k => coef idx1 w (enum_val a) (enum_val k)
                           * coef idx2 (fun _ _ => 1) (enum_val k) (enum_val b))); last first.
  by move=> k _; rewrite !mxE.
rewrite -(sum_enum_val (fun t => coef idx1 w (enum_val a) t * coef idx2 (fun _ _ => 1) t (enum_val b))).
rewrite /coef [RHS]big_mkcond /=.
under eq_bigr => t _ do rewrite big_distrl big_mkcond /=.
rewrite exchange_big /=; apply: eq_bigr => j _.
case E: (idx1 (enum_val a) j) => [t0|] /=; last by rewrite big1.
rewrite (eq_bigr (fun t => if t == t0 then w (enum_val a) j * coef idx2 (fun _ _ => 1) t (enum_val b)
                           else 0)); last first.
  by move=> t _; rewrite (inj_eq Some_inj) eq_sym.
rewrite -big_mkcond big_pred1_eq /coef big_mkcond (big_pred1 tt) /=; last by case.
by case: ifP; rewrite ?mulr1 ?mulr0.
Qed.
End Compose.

(* The padded grid of an axis: n + pb + pa positions. *)
Definition np (a : maxis) : nat := (ax_n (ax a) + ax_p (ax a) + ax_pa a)%N.
Definition PadN (axes : seq maxis) : finType := ndpos (map np axes).

(* W0 along one axis: output o with tap j reads padded position
   q = o s + j d (no padding: q must lie inside the padded grid). *)
Definition idx0_1 (a : maxis) (o j : nat) : option 'I_(np a) :=
  insub (o * ax_s (ax a) + j * ax_d (ax a))%N.

Fixpoint idx0N (axes : seq maxis) : OutN (axs axes) -> TapN (axs axes) -> option (PadN axes) :=
  match axes return OutN (axs axes) -> TapN (axs axes) -> option (PadN axes) with
  | [::] => fun _ _ => Some tt
  | a :: axes' => fun o j => opair (idx0_1 a o.1 j.1) (@idx0N axes' o.2 j.2)
  end.

(* P along one axis: padded position q copies input src(q) (PyTorch's
   source map, PaddedNd.src). *)
Definition srcP1 (md : pmode) (a : maxis) (q : 'I_(np a)) : option 'I_(ax_n (ax a)) :=
  obind (fun v => insub v) (src md (ax_n (ax a)) (ax_p (ax a)) q).

Fixpoint srcPN (md : pmode) (axes : seq maxis) : PadN axes -> option (InN (axs axes)) :=
  match axes return PadN axes -> option (InN (axs axes)) with
  | [::] => fun _ => Some tt
  | a :: axes' => fun t => opair (srcP1 md t.1) (@srcPN md axes' t.2)
  end.

Lemma obind_opair (A B C D : Type) (f : A -> option C) (g : B -> option D) x y :
  obind (fun t : A * B => opair (f t.1) (g t.2)) (opair x y) = opair (obind f x) (obind g y).
Proof. by case: x => [x|] //; case: y => [y|] //=; case: (f x). Qed.

Lemma srcP_idx0 md axes o j :
  obind (@srcPN md axes) (@idx0N axes o j) = @idxM md axes o j.
Proof.
elim: axes o j => [|a axes IH] //= o j.
rewrite (obind_opair (@srcP1 md a) (@srcPN md axes)) IH; congr opair.
rewrite /idx0_1 /idxM1 /srcP1 /np; case: insubP => [q -> vq|/negbTE -> //].
by rewrite /= vq.
Qed.

(* Per-axis condition on digit lists: src_a(q_a) = i_a on every axis. *)
Fixpoint srcN (md : pmode) (axes : seq maxis) (qs ins : seq nat) : bool :=
  match axes with
  | [::] => true
  | a :: axes' => (src md (ax_n (ax a)) (ax_p (ax a)) (head 0%N qs) == Some (head 0%N ins))
                  && srcN md axes' (behead qs) (behead ins)
  end.

Lemma srcPN_eq md axes (q : PadN axes) (i : InN (axs axes)) :
  (@srcPN md axes q == Some i) = srcN md axes (toseq q) (toseq i).
Proof.
elim: axes q i => [|a axes IH] /= q i; first by case: i.
case: i => i1 i2; rewrite opair_eq IH; congr andb.
rewrite /srcP1; case: (src _ _ _ _) => [v|] //=.
case: insubP => [u _ vu|hv] /=.
  by apply/eqP/eqP => [[<-]|[hvi]]; [rewrite vu | congr Some; apply: val_inj; rewrite /= vu].
by apply/esym/negbTE/eqP => [[hvi]]; move: hv; rewrite hvi ltn_ord.
Qed.

Section Modes.
Variable R : comRingType.
Variables G cig cog : nat.
Variable md : pmode.
Variable axes : seq maxis.
Variable wflat : nat -> R.

Definition PadCN : finType := prod_finType (ordinal_finType (G * cig)) (PadN axes).

(* W0: the convolution, without padding, of the padded input. *)
Definition idxW0 (o : OutCN G cog (axs axes)) (j : TapCN cig (axs axes)) : option PadCN :=
  let: (co, op) := o in let: (c, jp) := j in
  opair (Some (in_channel co c)) (@idx0N axes op jp).
Definition W0 := gmx idxW0 (wCN (@wfl R G cig cog axes wflat)).

(* P = I_C (x) P_1 (x) ... (x) P_N: row (c, q) holds a 1 in column
   (c, src_1(q_1), ..., src_N(q_N)), or nothing when a source is a zero. *)
Definition idxP (t : PadCN) (_ : unit) : option (InCN G cig (axs axes)) :=
  let: (c, q) := t in opair (Some c) (@srcPN md axes q).
Definition Pmx := gmx idxP (fun _ _ => (1 : R)).

(* Theorem: W = W0 * P (KernelToMatrix: CscOps.multiply(gathered, PaddingMatrix.of(...))). *)
Theorem WM_W0_P : WM G cig cog md axes wflat = W0 *m Pmx.
Proof.
rewrite /W0 /Pmx gmx_comp /WM; apply/matrixP => a b; rewrite !mxE /coef.
apply: eq_bigl => -[c j]; case: (enum_val a) => co op /=.
by rewrite -srcP_idx0; case: (@idx0N axes op j).
Qed.

(* Theorem: P has at most one nonzero per row, and it is a 1. *)
Theorem P_row_selection (t : PadCN) (i : InCN G cig (axs axes)) :
  coef idxP (fun _ _ => (1 : R)) t i = if idxP t tt == Some i then 1 else 0.
Proof. by rewrite /coef big_mkcond (big_pred1 tt) //; case. Qed.

(* Theorem: P = I_C (x) P_1 (x) ... (x) P_N: entry ((c, q), (c', i)) is
   [c = c'] * prod_a [src_a(q_a) = i_a]. *)
Theorem P_kron (c c' : 'I_(G * cig)) (q : PadN axes) (i : InN (axs axes)) :
  coef idxP (fun _ _ => (1 : R)) (c, q) (c', i)
  = if (c == c') && srcN md axes (toseq q) (toseq i) then 1 else 0.
Proof. by rewrite P_row_selection /= opair_eq (inj_eq Some_inj) srcPN_eq. Qed.

(* Theorem: P^T y accumulates the padded copies onto their sources:
   (P^T y)(i) = sum of y(t) over the padded positions t whose source is i. *)
Theorem Pt_accumulates (y : PadCN -> R) :
  colv (fun i => \sum_(t : PadCN | idxP t tt == Some i) y t) = Pmx^T *m colv y.
Proof.
rewrite -scatter_matrix; apply/colP => b; rewrite !mxE /scatter big_mkcond.
apply: eq_bigr => t _; rewrite big_mkcond (big_pred1 tt) /=; last by case.
by case: ifP; rewrite ?mul1r.
Qed.
(* The padded input, element-wise from the source maps: position
   (c, q_1, ..., q_N) of the padded grid holds x(c, src_1(q_1), ..., src_N(q_N)),
   or 0 when a source is a zero (zero padding). *)
Definition padM (x : InCN G cig (axs axes) -> R) (t : PadCN) : R :=
  let: (c, q) := t in read (fun i => x (c, i)) (@srcPN md axes q).

(* The convolution of the padded input, with no padding of its own:
   out[co][o] = sum_c sum_j w[co][c][j] * z[g(co) cig + c][o s + j d]
   (o s + j d always inside the padded grid for PyTorch's m). *)
Definition conv0 (z : PadCN -> R) (o : OutCN G cog (axs axes)) : R :=
  let: (co, op) := o in
  \sum_(c < cig) \sum_(j : TapN (axs axes))
     wfl wflat co c j * read (fun q => z (in_channel co c, q)) (@idx0N axes op j).

(* Theorem: the padded layer conv_mode(x) = conv0(pad(x)) is W0 (P x),
   and so W x (WM_W0_P). *)
Theorem conv_mode_W0_P (x : InCN G cig (axs axes) -> R) :
  colv (conv0 (padM x)) = W0 *m (Pmx *m colv x).
Proof.
have hP : colv (padM x) = Pmx *m colv x.
  rewrite -gather_matrix; apply/colP => t; rewrite !mxE /gather.
  case: (enum_val t) => c q; rewrite sum_unit /= mul1r.
  by case: (@srcPN md axes q).
rewrite -hP -gather_matrix; apply/colP => a; rewrite !mxE /gather.
case: (enum_val a) => co op; rewrite sum_pair /=.
apply: eq_bigr => c _; apply: eq_bigr => j _.
by case: (@idx0N axes op j).
Qed.

Theorem conv_mode_matrix (x : InCN G cig (axs axes) -> R) :
  colv (conv0 (padM x)) = WM G cig cog md axes wflat *m colv x.
Proof. by rewrite conv_mode_W0_P mulmxA -WM_W0_P. Qed.
End Modes.

Section BiasBatch.
Variable R : comRingType.

(* Theorem: a bias b is one more column: [W | b] [x; 1] = W x + b. *)
Theorem bias_column m n (W : 'M[R]_(m, n)) (b : 'cV[R]_m) (x : 'cV[R]_n) :
  row_mx W b *m col_mx x 1 = W *m x + b.
Proof. by rewrite mul_row_col mulmx1. Qed.

(* A batch of N inputs: the gather map on ('I_N * O) x J reading
   ('I_N * I), sample by sample. *)
Variables O I J : finType.
Variable idx : O -> J -> option I.
Variable w : O -> J -> R.
Variable N : nat.

Definition idxB (o : 'I_N * O) (j : J) : option ('I_N * I) := opair (Some o.1) (idx o.2 j).
Definition wB (o : 'I_N * O) (j : J) : R := w o.2 j.

(* Theorem: the batched map applies the layer to every sample. *)
Theorem batch_gather (X : 'I_N * I -> R) (nn : 'I_N) (o : O) :
  gather idxB wB X (nn, o) = gather idx w (fun i => X (nn, i)) o.
Proof. by apply: eq_bigr => j _; rewrite /idxB /wB /=; case: (idx o j). Qed.

(* Theorem: its matrix is I_N (x) W: entry ((n, o), (n', i)) is
   [n = n'] W(o, i) (rows and columns numbered n * |O| + o, resp.
   n * |I| + i, by the product enumeration, RowMajor.enum_prod). *)
Theorem batch_kron (nn nn' : 'I_N) (o : O) (i : I) :
  coef idxB wB (nn, o) (nn', i) = if nn == nn' then coef idx w o i else 0.
Proof.
rewrite /coef /idxB /wB /=; case: eqP => [<-|hn].
  by apply: eq_bigl => j; rewrite opair_eq eqxx.
by rewrite big_pred0 // => j; rewrite opair_eq (inj_eq Some_inj); case: eqP.
Qed.
End BiasBatch.
