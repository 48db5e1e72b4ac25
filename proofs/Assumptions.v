(* Prints the assumptions of every main theorem (every "Theorem" of the
   development).  check.sh requires each answer to be
   "Closed under the global context". *)
From ConvMatrix Require Import GatherMap Conv1d ZeroInsertion ConvNd Shapes NotIdentity
  OrthogonalRows RowMajor PaddedNd PaddingModes Suite ShapesFull Autocorrelation NullVector
  OrthoChannels ZeroInsertionNd.

(* GatherMap.v *)
Print Assumptions GatherMap.gather_matrix.
Print Assumptions GatherMap.scatter_matrix.
Print Assumptions GatherMap.gather_adjoint.
Print Assumptions GatherMap.gather_adjoint_matrix.

(* Conv1d.v *)
Print Assumptions Conv1d.conv1d_matrix.
Print Assumptions Conv1d.convT1d_matrix.
Print Assumptions Conv1d.conv1d_adjoint.

(* ZeroInsertion.v *)
Print Assumptions ZeroInsertion.zero_insertion_eq_scatter.

(* ConvNd.v *)
Print Assumptions ConvNd.conv2d_matrix.
Print Assumptions ConvNd.convT2d_matrix.
Print Assumptions ConvNd.conv2d_adjoint.
Print Assumptions ConvNd.convNd_matrix.
Print Assumptions ConvNd.convTNd_matrix.
Print Assumptions ConvNd.convNd_adjoint.

(* Shapes.v *)
Print Assumptions Shapes.convT_len_then_conv_len.
Print Assumptions Shapes.output_padding_mod_round_trip.
Print Assumptions Shapes.conv_reads_in_padded_input.
Print Assumptions Shapes.conv_len_maximal.

(* NotIdentity.v *)
Print Assumptions NotIdentity.conv1d_WtW_not_identity.
Print Assumptions NotIdentity.convT1d_conv1d_not_identity.
Print Assumptions NotIdentity.conv1d_pytorch_WtW_not_identity.
Print Assumptions NotIdentity.gather_WtW_not_identity.
Print Assumptions NotIdentity.conv1d_WWt_identity_witness.
Print Assumptions NotIdentity.conv1d_convT1d_identity_witness.
Print Assumptions NotIdentity.conv1d_witness_WtW_not_identity.

(* OrthogonalRows.v *)
Print Assumptions OrthogonalRows.conv1d_WWt_scalar.
Print Assumptions OrthogonalRows.conv1d_WWt_identity_iff.
Print Assumptions OrthogonalRows.conv_len_reads_inside.
Print Assumptions OrthogonalRows.conv1d_pytorch_WWt_identity_iff.

(* RowMajor.v *)
Print Assumptions RowMajor.enum_val_row_major.
Print Assumptions RowMajor.row_major_number.

(* PaddedNd.v *)
Print Assumptions PaddedNd.src_in_range.
Print Assumptions PaddedNd.WM_entry.
Print Assumptions PaddedNd.WM_zeros.
Print Assumptions PaddedNd.convM_matrix.
Print Assumptions PaddedNd.convTM_matrix.
Print Assumptions PaddedNd.taps1_zeros.

(* PaddingModes.v *)
Print Assumptions PaddingModes.gmx_comp.
Print Assumptions PaddingModes.WM_W0_P.
Print Assumptions PaddingModes.P_row_selection.
Print Assumptions PaddingModes.P_kron.
Print Assumptions PaddingModes.Pt_accumulates.
Print Assumptions PaddingModes.conv_mode_W0_P.
Print Assumptions PaddingModes.conv_mode_matrix.
Print Assumptions PaddingModes.bias_column.
Print Assumptions PaddingModes.batch_gather.
Print Assumptions PaddingModes.batch_kron.

(* ShapesFull.v *)
Print Assumptions ShapesFull.conv_len2_sym.
Print Assumptions ShapesFull.same_keeps_length.
Print Assumptions ShapesFull.valid_length.
Print Assumptions ShapesFull.conv2_reads_in_padded_input.
Print Assumptions ShapesFull.convT_then_conv_any_op.
Print Assumptions ShapesFull.convT_reachable.
Print Assumptions ShapesFull.convT_output_padding_unique.

(* Autocorrelation.v *)
Print Assumptions Autocorrelation.conv1d_WWt_identity_char.
Print Assumptions Autocorrelation.conv1d_pytorch_WWt_identity_char.

(* NullVector.v *)
Print Assumptions NullVector.conv1d_null_input.
Print Assumptions NullVector.conv1d_pytorch_null_input.

(* OrthoChannels.v *)
Print Assumptions OrthoChannels.conv1d_channels_WWt_identity_char.
Print Assumptions OrthoChannels.conv1d_channels_pytorch_WWt_identity_char.
Print Assumptions OrthoChannels.conv1d_channels_padded_WWt_identity_char.

(* ZeroInsertionNd.v *)
Print Assumptions ZeroInsertionNd.zero_insertionN_eq_scatter.
