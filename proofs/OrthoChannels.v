(* W W^T = I for 1-D layers with channels and groups: the rows are       *)
(* orthonormal iff, for every pair of output channels of one group, the *)
(* cross-correlation of their dilated kernels, summed over the group's  *)
(* input channels, is [co = co'] at lag 0 and 0 at every non-zero       *)
(* multiple of the stride below m*s (every read inside the input).       *)
From mathcomp Require Import all_ssreflect all_algebra.
From ConvMatrix Require Import NatArith GatherMap Conv1d ConvNd Shapes OrthogonalRows.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Generic.
Variable R : comRingType.
Variables O I J : finType.
Variable idx : O -> J -> option I.
Variable w : O -> J -> R.

(* (W W^T)(A, B) = sum over taps x of A and y of B that read the same
   input element (not padding) of w(A,x) w(B,y). *)
Lemma coef_WWt (A B : O) :
  \sum_(i : I) coef idx w A i * coef idx w B i
  = \sum_(x : J) \sum_(y : J)
      (if (idx A x == idx B y) && (idx A x != None) then w A x * w B y else 0).
Proof.
under eq_bigr => i _ do rewrite /coef big_distrl big_mkcond /=.
rewrite exchange_big /=; apply: eq_bigr => x _.
case E: (idx A x) => [i0|] /=; last by rewrite !big1 // => y _; rewrite andbF.
rewrite -big_mkcond (big_pred1 i0) /=; last by move=> i; rewrite (inj_eq Some_inj) eq_sym.
rewrite big_distrr big_mkcond /=; apply: eq_bigr => y _.
rewrite andbT eq_sym mulrC.
by case: ifP.
Qed.
End Generic.

Section Channels.
Variable R : comRingType.
Variables G cig cog n m k s p d : nat.
(* PyTorch weight (C_out, C_in/G, k) *)
Variable w : 'I_(G * cog) -> 'I_cig -> 'I_k -> R.

Definition Oc : finType := prod_finType (ordinal_finType (G * cog)) (ordinal_finType m).
Definition Ic : finType := prod_finType (ordinal_finType (G * cig)) (ordinal_finType n).
Definition Jc : finType := prod_finType (ordinal_finType cig) (ordinal_finType k).
Definition idxc (o : Oc) (j : Jc) : option Ic :=
  opair (Some (in_channel o.1 j.1)) (idx1 n s p d o.2 j.2).
Definition wc (o : Oc) (j : Jc) : R := w o.1 j.1 j.2.
Definition Wc := gmx idxc wc.

(* Cross-correlation of output channels co, co' at lag tau, summed over
   the input channels c of the group. *)
Definition xcorr (co co' : 'I_(G * cog)) (tau : nat) : R :=
  \sum_(c < cig) \sum_(j < k) \sum_(j' < k)
     (if (j * d == j' * d + tau)%N then w co c j * w co' c j' else 0).

Definition inside : Prop := forall (o : 'I_m) (j : 'I_k), (p <= o * s + j * d < p + n)%N.

Lemma unpad_in q : (p <= q < p + n)%N -> exists2 i : 'I_n, unpad n p q = Some i & nat_of_ord i = (q - p)%N.
Proof.
move=> /andP[h1 h2]; have lt : (q - p < n)%N by nat_lia.
exists (Ordinal lt) => //; rewrite /unpad h1 insubT.
by congr Some; apply: val_inj.
Qed.

Lemma in_channel_eq (co co' : 'I_(G * cog)) (c c' : 'I_cig) :
  (in_channel co c == in_channel co' c') = (co %/ cog == co' %/ cog)%N && (c == c').
Proof.
rewrite -val_eqE /= -[c == c']val_eqE /=.
apply/eqP/andP => [h|[/eqP -> /eqP ->]] //.
have hc := ltn_ord c; have hc' := ltn_ord c'.
have c0 : (0 < cig)%N by nat_lia.
have := congr1 (fun x => x %/ cig)%N h; rewrite /= !divnMDl // (divn_small hc) (divn_small hc') !addn0 => hg.
by split; apply/eqP => //; move: h; rewrite hg => /eqP; rewrite eqn_add2l => /eqP.
Qed.

(* With padding: no reads-inside hypothesis; a pair of taps counts when
   both read the same input element (not a padded zero). *)
Definition tcorr (co co' : 'I_(G * cog)) (o o' : 'I_m) : R :=
  \sum_(c < cig) \sum_(j < k) \sum_(j' < k)
     (if (o * s + j * d == o' * s + j' * d)%N && (p <= o * s + j * d < p + n)%N
      then w co c j * w co' c j' else 0).

Lemma Wc_entry_pad (A B : Oc) :
  \sum_(i : Ic) coef idxc wc A i * coef idxc wc B i
  = if (A.1 %/ cog == B.1 %/ cog)%N then tcorr A.1 B.1 A.2 B.2 else 0.
Proof.
rewrite coef_WWt sum_pair /=.
have nn x y : (idxc A x == idxc B y) && (idxc A x != None)
              = [&& (A.1 %/ cog == B.1 %/ cog)%N, x.1 == y.1,
                    (A.2 * s + x.2 * d == B.2 * s + y.2 * d)%N & (p <= A.2 * s + x.2 * d < p + n)%N].
  rewrite /idxc /idx1; set q := (A.2 * s + x.2 * d)%N; set q' := (B.2 * s + y.2 * d)%N.
  case hq: (p <= q < p + n)%N.
    have [i hi vi] := unpad_in hq; rewrite hi /opair /=.
    case E': (unpad n p q') => [i'|] /=; last first.
      apply/esym/negbTE; rewrite andbT; apply/and3P => -[_ _ /eqP hqq].
      by move: E'; rewrite -hqq hi.
    rewrite (inj_eq Some_inj) xpair_eqE in_channel_eq andbT.
    have e : (i == i') = (q' == q)%N.
      have := @unpad_eq n p q' i'; rewrite E' eqxx => /esym /eqP hq'.
      rewrite -val_eqE /= vi hq'; move: hq => /andP[h1 _]; apply/eqP/eqP; nat_lia.
    by rewrite e andbT [(q' == q)%N]eq_sym -andbA.
  rewrite !andbF; case E: (unpad n p q) => [i|] /=; last by rewrite /opair /= andbF.
  exfalso; move: hq; have := @unpad_eq n p q i; rewrite E eqxx => /esym /eqP ->.
  by rewrite leq_addl /= addnC ltn_add2l ltn_ord.
case hg: (A.1 %/ cog == B.1 %/ cog)%N; rewrite /tcorr.
  apply: eq_bigr => c _; apply: eq_bigr => j _; rewrite sum_pair /=.
  rewrite (bigD1 c) //= [X in _ + X]big1 => [|c' hc']; last first.
    by apply: big1 => j' _; rewrite (nn (c, j) (c', j')) /= hg eq_sym (negbTE hc').
  rewrite addr0; apply: eq_bigr => j' _.
  by rewrite (nn (c, j) (c, j')) /= hg eqxx.
apply: big1 => c _; apply: big1 => j _; rewrite sum_pair; apply: big1 => c' _; apply: big1 => j' _.
by rewrite (nn (c, j) (c', j')) /= hg.
Qed.

(* (W W^T)((co,o),(co',o')) = [same group] * sum_c sum_{j,j'} [o s + j d = o' s + j' d] w w'
   when every read is inside. *)
Lemma Wc_entry (ins : inside) (A B : Oc) :
  \sum_(i : Ic) coef idxc wc A i * coef idxc wc B i
  = if (A.1 %/ cog == B.1 %/ cog)%N then
      \sum_(c < cig) \sum_(j < k) \sum_(j' < k)
        (if (A.2 * s + j * d == B.2 * s + j' * d)%N then w A.1 c j * w B.1 c j' else 0)
    else 0.
Proof.
rewrite Wc_entry_pad; case: ifP => // _; rewrite /tcorr.
apply: eq_bigr => c _; apply: eq_bigr => j _; apply: eq_bigr => j' _.
by rewrite (ins A.2 j) andbT.
Qed.

Lemma WWc_sym (a b : 'I_#|Oc|) : (Wc *m Wc^T) a b = (Wc *m Wc^T) b a.
Proof. by rewrite -[in LHS](trmxK (Wc *m Wc^T)) trmx_mul trmxK mxE. Qed.

Lemma WWc_entry (ins : inside) (a b : 'I_#|Oc|) :
  (Wc *m Wc^T) a b = \sum_(i : Ic) coef idxc wc (enum_val a) i * coef idxc wc (enum_val b) i.
Proof.
rewrite mxE (sum_enum_val (fun i => coef idxc wc (enum_val a) i * coef idxc wc (enum_val b) i)).
by apply: eq_bigr => t _; rewrite !mxE.
Qed.

Lemma WWc_xcorr (ins : inside) (a b : 'I_#|Oc|) :
  ((enum_val a).2 <= (enum_val b).2)%N ->
  (Wc *m Wc^T) a b = if ((enum_val a).1 %/ cog == (enum_val b).1 %/ cog)%N
                     then xcorr (enum_val a).1 (enum_val b).1 (((enum_val b).2 - (enum_val a).2) * s)
                     else 0.
Proof.
rewrite WWc_entry // Wc_entry //; case: (enum_val a) => co o; case: (enum_val b) => co' o' /= hoo.
case: ifP => // _; apply: eq_bigr => c _; apply: eq_bigr => j _; apply: eq_bigr => j' _.
have hb : (o' * s = o * s + (o' - o) * s)%N by rewrite mulnBl subnKC // leq_mul2r hoo orbT.
have -> : (o * s + j * d == o' * s + j' * d)%N = (j * d == j' * d + (o' - o) * s)%N.
  by rewrite hb; apply/eqP/eqP; nat_lia.
by [].
Qed.

(* Theorem: 1-D layer with channels and groups, every read inside, m >= 1:
   W W^T = I iff for all output channels co, co' of one group,
   xcorr(co, co', 0) = [co = co'] and xcorr(co, co', delta s) = 0 for
   0 < delta < m. *)
Theorem conv1d_channels_WWt_identity_char (ins : inside) :
  (0 < m)%N ->
  (Wc *m Wc^T == 1%:M) =
  [forall co : 'I_(G * cog), forall co' : 'I_(G * cog),
     (co %/ cog == co' %/ cog)%N ==>
     (xcorr co co' 0 == (co == co')%:R)
     && [forall delta : 'I_m, (0 < delta)%N ==> (xcorr co co' (delta * s) == 0)]].
Proof.
move=> m0; set o0 := Ordinal m0.
have ent (A B : Oc) : (A.2 <= B.2)%N ->
    (Wc *m Wc^T) (enum_rank A) (enum_rank B)
    = if (A.1 %/ cog == B.1 %/ cog)%N then xcorr A.1 B.1 ((B.2 - A.2) * s) else 0.
  by move=> h; rewrite WWc_xcorr ?enum_rankK.
apply/eqP/forallP => [h co|h].
  apply/forallP => co'; apply/implyP => hg; apply/andP; split.
    have := ent (co, o0) (co', o0) (leqnn _); rewrite h mxE /= subnn mul0n hg => <-.
    by rewrite (inj_eq enum_rank_inj) xpair_eqE eqxx andbT.
  apply/forallP => delta; apply/implyP => hd.
  have := ent (co, o0) (co', delta) (leq0n _); rewrite h mxE /= subn0 hg => <-.
  rewrite (inj_eq enum_rank_inj) xpair_eqE /=.
  by rewrite (_ : (o0 == delta) = false) ?andbF //; apply/negbTE; rewrite -val_eqE /= eq_sym -lt0n.
apply/matrixP => a b.
rewrite -[a](enum_valK) -[b](enum_valK); move: (enum_val a) (enum_val b) => A B.
wlog hAB : A B / (A.2 <= B.2)%N.
  move=> H; case: (leqP A.2 B.2) => [|/ltnW] hab; first exact: H.
  by rewrite WWc_sym H // !mxE (inj_eq enum_rank_inj) [in RHS](inj_eq enum_rank_inj) eq_sym.
rewrite ent // mxE (inj_eq enum_rank_inj); case: A B hAB => [co o] [co' o'] /= hoo.
case: ifP => hg; last first.
  by rewrite xpair_eqE; case: eqP => // hc; move: hg; rewrite hc eqxx.
have /andP[h0 hd] := implyP (forallP (h co) co') hg.
case: (eqVneq o o') => [<-|no].
  by rewrite subnn mul0n (eqP h0) xpair_eqE eqxx andbT.
have hlt : (o' - o < m)%N by have := ltn_ord o'; nat_lia.
have := implyP (forallP hd (Ordinal hlt)); rewrite /= subn_gt0 ltn_neqAle hoo andbT.
rewrite (_ : (nat_of_ord o != o') = true) // => /(_ isT) /eqP ->.
by rewrite xpair_eqE (negbTE no) andbF.
Qed.
(* Theorem (with padding): W W^T = I iff, for output channels co, co' of
   one group and outputs o, o', the correlation truncated to the taps that
   read inside the input is [co = co' and o = o']. *)
Theorem conv1d_channels_padded_WWt_identity_char :
  (Wc *m Wc^T == 1%:M) =
  [forall co : 'I_(G * cog), forall co' : 'I_(G * cog), forall o : 'I_m, forall o' : 'I_m,
     (co %/ cog == co' %/ cog)%N ==> (tcorr co co' o o' == ((co == co') && (o == o'))%:R)].
Proof.
have ent (A B : Oc) : (Wc *m Wc^T) (enum_rank A) (enum_rank B)
    = if (A.1 %/ cog == B.1 %/ cog)%N then tcorr A.1 B.1 A.2 B.2 else 0.
  rewrite -Wc_entry_pad (sum_enum_val (fun i => coef idxc wc A i * coef idxc wc B i)) mxE.
  by apply: eq_bigr => t _; rewrite !mxE !enum_rankK.
apply/eqP/forallP => [h co|h].
  apply/forallP => co'; apply/forallP => o; apply/forallP => o'; apply/implyP => hg.
  have := ent (co, o) (co', o'); rewrite h mxE /= hg => <-.
  by rewrite (inj_eq enum_rank_inj) xpair_eqE.
apply/matrixP => a b.
rewrite -[a](enum_valK) -[b](enum_valK); move: (enum_val a) (enum_val b) => [co o] [co' o'].
rewrite ent mxE (inj_eq enum_rank_inj) xpair_eqE /=.
case: ifP => hg; first by have := implyP (forallP (forallP (forallP (h co) co') o) o') hg => /eqP.
by case: eqP => // hc; move: hg; rewrite hc eqxx.
Qed.
End Channels.

(* Theorem: the same for PyTorch's conv1d with channels and groups,
   padding 0, m = conv_len n (s >= 1, conv_valid). *)
Theorem conv1d_channels_pytorch_WWt_identity_char (R : comRingType) G cig cog n k s d
    (w : 'I_(G * cog) -> 'I_cig -> 'I_k -> R) :
  (0 < s)%N -> conv_valid n k s 0 d ->
  let m := conv_len n k s 0 d in
  (Wc n m s 0 d w *m (Wc n m s 0 d w)^T == 1%:M) =
  [forall co : 'I_(G * cog), forall co' : 'I_(G * cog),
     (co %/ cog == co' %/ cog)%N ==>
     (xcorr d w co co' 0 == (co == co')%:R)
     && [forall delta : 'I_m, (0 < delta)%N ==> (xcorr d w co co' (delta * s) == 0)]].
Proof.
move=> s0 hv m; apply: conv1d_channels_WWt_identity_char; first exact: conv_len_reads_inside.
by rewrite /m /conv_len addn1.
Qed.
