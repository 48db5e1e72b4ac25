(* N-d convolution with every PyTorch padding form and mode, and the    *)
(* explicit entry formula of its matrix W in the Java numbering.        *)
From mathcomp Require Import all_ssreflect all_algebra.
From ConvMatrix Require Import NatArith GatherMap Conv1d ConvNd RowMajor.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

(* PyTorch's padding_mode. *)
Inductive pmode := Zeros | Reflect | Replicate | Circular.

(* Per-axis source map: the input index that position q of the padded
   axis (input length n, pb elements padded before) reads, i.e. the input
   index i = q - pb mapped into [0, n) by the mode; None is a zero.
   reflect: -i for i < 0, 2(n-1) - i for i >= n; replicate: 0 or n-1;
   circular: i + n or i - n.  (Java: PaddingMode.source.) *)
Definition src (md : pmode) (n pb q : nat) : option nat :=
  if (q < pb)%N then
    match md with
    | Zeros => None
    | Reflect => Some (pb - q)%N
    | Replicate => Some 0%N
    | Circular => Some (n - (pb - q))%N
    end
  else if (q - pb < n)%N then Some (q - pb)%N
  else
    match md with
    | Zeros => None
    | Reflect => Some ((n.-1).*2 - (q - pb))%N
    | Replicate => Some n.-1
    | Circular => Some (q - pb - n)%N
    end.

(* PyTorch's validity ranges (pb before, pa after, input length n >= 1):
   reflect needs pb, pa < n, circular pb, pa <= n. *)
Definition mode_valid (md : pmode) (n pb pa : nat) : bool :=
  (0 < n)%N &&
  match md with
  | Zeros | Replicate => true
  | Reflect => (pb < n)%N && (pa < n)%N
  | Circular => (pb <= n)%N && (pa <= n)%N
  end.

(* Theorem: under the validity ranges every padded position q < n+pb+pa
   reads an input element (or a zero, for zero padding). *)
Theorem src_in_range md n pb pa q i :
  mode_valid md n pb pa -> (q < n + pb + pa)%N -> src md n pb q = Some i -> (i < n)%N.
Proof.
rewrite /mode_valid /src => /andP[n0 hv] hq.
case: ifP => hqp.
  case: md hv => // [/andP[h _]|_|/andP[h _]] [<-]; nat_lia.
case: ifP => hin; first by case=> <-.
move/negbT: hin; rewrite -leqNgt => hin.
case: md hv => // [/andP[_ h]|_|/andP[_ h]] [<-]; rewrite -?subn1 -?muln2; nat_lia.
Qed.

(* An axis of a layer with its padding after (the axis record of ConvNd
   holds the padding before as ax_p). *)
Record maxis := MAxis { ax : axis; ax_pa : nat }.

(* Does output o with tap j read input i (all along one axis)? *)
Definition hit (md : pmode) (a : maxis) (o j i : nat) : bool :=
  let: q := (o * ax_s (ax a) + j * ax_d (ax a))%N in
  (q < ax_n (ax a) + ax_p (ax a) + ax_pa a)%N && (src md (ax_n (ax a)) (ax_p (ax a)) q == Some i).

Definition idxM1 (md : pmode) (a : maxis) (o j : nat) : option 'I_(ax_n (ax a)) :=
  let: q := (o * ax_s (ax a) + j * ax_d (ax a))%N in
  if (q < ax_n (ax a) + ax_p (ax a) + ax_pa a)%N
  then obind (fun v => insub v) (src md (ax_n (ax a)) (ax_p (ax a)) q) else None.

Lemma idxM1_eq md a o j (i : 'I_(ax_n (ax a))) : (idxM1 md a o j == Some i) = hit md a o j i.
Proof.
rewrite /idxM1 /hit; case: ifP => //= _.
case: (src _ _ _ _) => [v|] //=.
case: insubP => [u _ vu|hv] /=.
  by apply/eqP/eqP => [[<-]|[hvi]]; [rewrite vu | congr Some; apply: val_inj; rewrite /= vu].
by apply/esym/negbTE/eqP => [[hvi]]; move: hv; rewrite hvi ltn_ord.
Qed.

Definition axs (axes : seq maxis) := map ax axes.

(* The N-d index map of the padded layer: product of the per-axis maps. *)
Fixpoint idxM (md : pmode) (axes : seq maxis) :
    OutN (axs axes) -> TapN (axs axes) -> option (InN (axs axes)) :=
  match axes return OutN (axs axes) -> TapN (axs axes) -> option (InN (axs axes)) with
  | [::] => fun _ _ => Some tt
  | a :: axes' => fun o j => opair (idxM1 md a o.1 j.1) (@idxM md axes' o.2 j.2)
  end.

(* The same condition on digit lists. *)
Fixpoint hitN (md : pmode) (axes : seq maxis) (os js ins : seq nat) : bool :=
  match axes with
  | [::] => true
  | a :: axes' => hit md a (head 0%N os) (head 0%N js) (head 0%N ins)
                  && hitN md axes' (behead os) (behead js) (behead ins)
  end.

Lemma idxM_eq md axes o j i :
  (@idxM md axes o j == Some i) = hitN md axes (toseq o) (toseq j) (toseq i).
Proof.
elim: axes o j i => [|a axes IH] /= o j i; first by case: i.
by case: i => i1 i2; rewrite opair_eq idxM1_eq IH.
Qed.

(* For zero padding this is the index map idxN of ConvNd. *)
Lemma idxM1_zeros a (o : 'I_(ax_m (ax a))) (j : 'I_(ax_k (ax a))) : idxM1 Zeros a o j = idx1 (ax_n (ax a)) (ax_s (ax a)) (ax_p (ax a)) (ax_d (ax a)) o j.
Proof.
rewrite /idxM1 /idx1 /unpad /src.
set q := (o * _ + _)%N; set n := ax_n _; set p := ax_p _.
case: (ltnP q p) => hqp; case: ifP => hq //=.
  by case: ifP => hin //=; rewrite insubF.
rewrite insubF //; apply/negbTE; rewrite -leqNgt.
move: hq => /negbT; rewrite -leqNgt; nat_lia.
Qed.

Lemma idxM_zeros axes o j : @idxM Zeros axes o j = @idxN (axs axes) o j.
Proof.
elim: axes o j => [|a axes IH] //= o j.
by rewrite idxM1_zeros IH.
Qed.

(* The per-axis tap sets, and their product: the digit lists of the taps
   j of the kernel with which output o reads input i. *)
Definition taps1 (md : pmode) (a : maxis) (o i : nat) : seq nat :=
  [seq j <- index_iota 0 (ax_k (ax a)) | hit md a o j i].

Fixpoint taps (md : pmode) (axes : seq maxis) (os ins : seq nat) : seq (seq nat) :=
  match axes with
  | [::] => [:: [::]]
  | a :: axes' => [seq j :: js | j <- taps1 md a (head 0%N os) (head 0%N ins),
                                js <- taps md axes' (behead os) (behead ins)]
  end.

Section TapSum.
Variable R : comRingType.

Lemma sum_unit (F : unit -> R) : \sum_(t : unit) F t = F tt.
Proof. by rewrite (big_pred1 tt) // => -[]. Qed.

Lemma tap_sum md axes (o : OutN (axs axes)) (i : InN (axs axes)) (F : seq nat -> R) :
  \sum_(j : TapN (axs axes) | @idxM md axes o j == Some i) F (toseq j)
  = \sum_(js <- taps md axes (toseq o) (toseq i)) F js.
Proof.
elim: axes o i F => [|a axes IH] /= o i F.
  by rewrite big_cons big_nil addr0; case: i; rewrite (big_pred1 tt).
case: i => i1 i2; rewrite big_mkcond sum_pair /= big_allpairs_dep /taps1 big_filter.
rewrite big_mkord [RHS]big_mkcond /=.
apply: eq_bigr => j1 _.
rewrite (eq_bigr (fun b => if hit md a o.1 j1 i1 && (@idxM md axes o.2 b == Some i2)
                           then F (nat_of_ord j1 :: toseq b) else 0)); last first.
  by move=> b _; rewrite opair_eq (@idxM1_eq md a o.1 j1 i1).
case: (hit md a o.1 j1 i1) => /=; last by rewrite big1_eq.
by rewrite -(IH o.2 i2 (fun js => F (nat_of_ord j1 :: js))) [RHS]big_mkcond.
Qed.
End TapSum.

(* The explicit entry formula, as computed by the Java code: the flat
   indices (PyTorch row-major order of the weight tensor
   (C_out, C_in/G, k_1, ..., k_N)) of the weights whose sum is
   W[r][c], r = co * prod(m) + rowMajor(o), c = ci * prod(n) + rowMajor(i):
   [co / cog = ci / cig] * { (co, ci mod cig, j) : j in taps(o, i) }. *)
Definition wentry (G cig cog : nat) (md : pmode) (axes : seq maxis) (r c : nat) : seq nat :=
  let: rd := decode ((G * cog)%N :: map ax_m (axs axes)) r in
  let: cd := decode ((G * cig)%N :: map ax_n (axs axes)) c in
  let: co := head 0%N rd in
  let: ci := head 0%N cd in
  if (co %/ cog == ci %/ cig)%N then
    [seq rm ((G * cog)%N :: cig :: map ax_k (axs axes)) [:: co, (ci %% cig)%N & js]
    | js <- taps md axes (behead rd) (behead cd)]
  else [::].

Section Layer.
Variable R : comRingType.
Variables G cig cog : nat.
Variable md : pmode.
Variable axes : seq maxis.
(* The weight tensor, flat in row-major order (Java: weight().data()). *)
Variable wflat : nat -> R.

Definition wfl (co : 'I_(G * cog)) (c : 'I_cig) (j : TapN (axs axes)) : R :=
  wflat (rm ((G * cog)%N :: cig :: map ax_k (axs axes)) [:: nat_of_ord co, nat_of_ord c & toseq j]).

(* The padded layer as a gather map: channel component and the product
   of the per-axis source maps. *)
Definition idxCM (o : OutCN G cog (axs axes)) (j : TapCN cig (axs axes)) :
    option (InCN G cig (axs axes)) :=
  let: (co, op) := o in let: (c, jp) := j in
  opair (Some (in_channel co c)) (@idxM md axes op jp).

(* W of the layer, rows and columns in MathComp's enumeration. *)
Definition WM := gmx idxCM (wCN wfl).

Lemma sum_channel (g ci : nat) (H : nat -> R) : (0 < cig)%N ->
  \sum_(c < cig) (if (g * cig + c == ci)%N then H c else 0)
  = if (g == ci %/ cig)%N then H (ci %% cig)%N else 0.
Proof.
move=> c0; case: eqP => hg.
  rewrite -big_mkcond (big_pred1 (Ordinal (ltn_pmod ci c0))) // => c /=.
  rewrite hg; apply/eqP/eqP => [h|->]; last by rewrite -divn_eq.
  by apply: val_inj => /=; rewrite -h modnMDl modn_small.
rewrite big1 // => c _; case: eqP => // h; exfalso; apply: hg.
by rewrite -h divnMDl // divn_small // addn0.
Qed.

(* Theorem (explicit entry formula in the Java numbering): entry (r, c)
   of W, for r and c the row-major numbers of (co, o) and (ci, i), is the
   sum of the weights listed by wentry. *)
Theorem WM_entry (a : 'I_#|OutCN G cog (axs axes)|) (b : 'I_#|InCN G cig (axs axes)|) :
  WM a b = \sum_(f <- wentry G cig cog md axes a b) wflat f.
Proof.
rewrite mxE /coef /wentry.
have ha := @enum_val_row_major ((G * cog)%N :: map ax_m (axs axes)) a.
have hb := @enum_val_row_major ((G * cig)%N :: map ax_n (axs axes)) b.
rewrite -ha -hb; case: (enum_val a) => co op; case: (enum_val b) => ci ip /=.
have c0 : (0 < cig)%N.
  have : (0 < G * cig)%N := leq_ltn_trans (leq0n ci) (ltn_ord ci).
  by rewrite muln_gt0 => /andP[].
rewrite big_mkcond sum_pair /=.
rewrite (eq_bigr (fun c : 'I_cig => if (co %/ cog * cig + c == ci)%N
     then \sum_(js <- taps md axes (toseq op) (toseq ip))
            wflat (rm ((G * cog)%N :: cig :: map ax_k (axs axes)) [:: nat_of_ord co, nat_of_ord c & js])
     else 0)); last first.
  move=> c _; rewrite -(tap_sum md op ip).
  rewrite (_ : (co %/ cog * cig + c == ci)%N = (in_channel co c == ci)) //.
  case: ifP => h.
    by rewrite [RHS]big_mkcond; apply: eq_bigr => j _; rewrite opair_eq (inj_eq Some_inj) h.
  by apply: big1 => j _; rewrite opair_eq (inj_eq Some_inj) h.
rewrite (sum_channel _ _ (fun c => \sum_(js <- taps md axes (toseq op) (toseq ip))
            wflat (rm ((G * cog)%N :: cig :: map ax_k (axs axes)) [:: nat_of_ord co, c & js])) c0).
by case: eqP => _; rewrite ?big_map ?big_nil.
Qed.
(* For zero padding W is the matrix of ConvNd.convNd_matrix (weights
   w[co][c][j] = wflat(flat index)): the theorems of ConvNd are about the
   matrix that WM_entry describes. *)
Theorem WM_zeros : md = Zeros -> WM = gmx (@idxCN G cig cog (axs axes)) (wCN wfl).
Proof.
move=> hmd; apply/matrixP => a b; rewrite !mxE /coef.
apply: eq_bigl => -[c j]; case: (enum_val a) => co op.
by rewrite /idxCM /idxCN hmd idxM_zeros.
Qed.

(* The padded convolution, written element-wise from the padded input:
   xpad[ci][q] = x[ci][src_1(q_1), ..., src_N(q_N)] (0 if a source is a
   zero, or outside [0, n + pb + pa)), and
   out[co][o] = sum_(c < cig) sum_j w[co][c][j] * xpad[g(co) cig + c][o s + j d]. *)
Definition xpadM (x : InCN G cig (axs axes) -> R) (ci : 'I_(G * cig)) (op : OutN (axs axes))
    (j : TapN (axs axes)) : R :=
  read (fun i => x (ci, i)) (@idxM md axes op j).

Definition convM (x : InCN G cig (axs axes) -> R) (o : OutCN G cog (axs axes)) : R :=
  let: (co, op) := o in
  \sum_(c < cig) \sum_(j : TapN (axs axes)) wfl co c j * xpadM x (in_channel co c) op j.

Definition convTM (y : OutCN G cog (axs axes) -> R) (i : InCN G cig (axs axes)) : R :=
  let: (ci, ip) := i in
  \sum_(co < G * cog) \sum_(op : OutN (axs axes)) \sum_(c < cig) \sum_(j : TapN (axs axes))
     (if (in_channel co c == ci) && hitN md axes (toseq op) (toseq j) (toseq ip)
      then wfl co c j * y (co, op) else 0).

Lemma convM_gather x : convM x =1 gather idxCM (wCN wfl) x.
Proof.
move=> [co op]; rewrite /gather sum_pair /=.
apply: eq_bigr => c _; apply: eq_bigr => j _.
by rewrite /xpadM; case: (@idxM md axes op j).
Qed.

Lemma convTM_scatter y : convTM y =1 scatter idxCM (wCN wfl) y.
Proof.
move=> [ci ip]; rewrite /scatter sum_pair /=.
apply: eq_bigr => co _; apply: eq_bigr => op _.
rewrite [RHS]big_mkcond sum_pair /=.
apply: eq_bigr => c _; apply: eq_bigr => j _.
by rewrite opair_eq (inj_eq Some_inj) idxM_eq.
Qed.

(* Theorem: the padded convolution (any mode) is W x, and its adjoint
   (the backward pass, gradient with respect to the input) is W^T y. *)
Theorem convM_matrix x : colv (convM x) = WM *m colv x.
Proof. rewrite -gather_matrix; apply/colP => a; rewrite !mxE; exact: convM_gather. Qed.

Theorem convTM_matrix y : colv (convTM y) = WM^T *m colv y.
Proof. rewrite -scatter_matrix; apply/colP => a; rewrite !mxE; exact: convTM_scatter. Qed.
End Layer.

(* For zero padding the tap set of an axis is empty or one tap, given by
   the Java formula j = (i + p - o s) / d when that is an integer in
   [0, k) (KernelToMatrix's javadoc, TapPattern.countAxis). *)
Section ZerosFormula.
Variable a : maxis.
Let n := ax_n (ax a).
Let k := ax_k (ax a).
Let s := ax_s (ax a).
Let p := ax_p (ax a).
Let d := ax_d (ax a).

Lemma hit_zeros o j i : (i < n)%N -> hit Zeros a o j i = (o * s + j * d == i + p)%N.
Proof.
rewrite /hit /src -/n -/s -/p -/d => hi; set q := (o * s + j * d)%N.
case: (ltnP q p) => hqp /=.
  rewrite andbF; apply/esym/negbTE/eqP => hq; move: hqp; rewrite hq; nat_lia.
case: ifP => hin.
  have -> : (q < n + p + ax_pa a)%N by move: hin; nat_lia.
  apply/eqP/eqP => [[<-]|->]; [nat_lia | by rewrite addnK].
rewrite andbF; apply/esym/negbTE/eqP => hq; move: hin; rewrite hq addnK hi.
by [].
Qed.

Lemma tap_eq o j i : (0 < d)%N ->
  (o * s + j * d == i + p)%N
  = [&& (o * s <= i + p)%N, (d %| i + p - o * s)%N & (j == (i + p - o * s) %/ d)%N].
Proof.
move=> d0; apply/eqP/and3P => [h|[h1 h2 /eqP ->]].
  have hx : (i + p - o * s = j * d)%N by rewrite -h addKn.
  by rewrite hx dvdn_mull // mulnK // -h leq_addr.
by rewrite divnK // subnKC.
Qed.

Theorem taps1_zeros o i : (i < n)%N -> (0 < d)%N ->
  taps1 Zeros a o i =
  if [&& (o * s <= i + p)%N, (d %| i + p - o * s)%N & ((i + p - o * s) %/ d < k)%N]
  then [:: ((i + p - o * s) %/ d)%N] else [::].
Proof.
move=> hi d0; rewrite /taps1 -/k.
rewrite (eq_filter (a2 := fun j => [&& (o * s <= i + p)%N, (d %| i + p - o * s)%N
                                     & (j == (i + p - o * s) %/ d)%N])); last first.
  by move=> j; rewrite hit_zeros // tap_eq.
case: (o * s <= i + p)%N; last by rewrite filter_pred0.
case: (d %| i + p - o * s)%N; last by rewrite filter_pred0.
rewrite /=; set js := ((i + p - o * s) %/ d)%N.
case: ifP => hk.
  rewrite /index_iota subn0 (@filter_pred1_uniq _ _ js) ?iota_uniq //.
  by rewrite mem_iota add0n hk.
apply/eqP; rewrite -size_eq0 size_filter -leqn0 leqNgt -has_count.
apply/hasP => -[j]; rewrite /index_iota subn0 mem_iota add0n => /andP[_ hj] /eqP hjs.
by move: hk; rewrite -hjs hj.
Qed.
End ZerosFormula.
