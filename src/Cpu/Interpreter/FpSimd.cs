using System.Runtime.CompilerServices;
using Emulator.Cpu.Decoder;

namespace Emulator.Cpu;

/// <summary>
/// The floating-point, Advanced SIMD and cryptographic instructions: every op from
/// <see cref="Op.FpSimdFirst"/> on. They have a switch of their own, reached from the main
/// interpreter switch in one compare, so the integer loop keeps its size and its inlining
/// budget; each case calls the handler of the same name in Interpreter/&lt;Group&gt;.cs.
/// </summary>
public sealed partial class Processor
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    void ExecuteFpSimd(in DecodedInsn di)
    {
        if (!CheckFpAccess()) return;
        switch (di.Op)
        {
            // ---- Data processing -- scalar floating-point and Advanced SIMD floating-point ----
            // (end of floating-point)


            // ---- Data processing -- Advanced SIMD integer, permute, copy and bitwise -----------
            case Op.SHADD: SimdThreeSame.SHADD(this, in di); break;
            case Op.UHADD: SimdThreeSame.UHADD(this, in di); break;
            case Op.SQADD_v: SimdThreeSame.SQADD_v(this, in di); break;
            case Op.UQADD_v: SimdThreeSame.UQADD_v(this, in di); break;
            case Op.SRHADD: SimdThreeSame.SRHADD(this, in di); break;
            case Op.URHADD: SimdThreeSame.URHADD(this, in di); break;
            case Op.AND_v: SimdThreeSame.AND_v(this, in di); break;
            case Op.BIC_v_reg: SimdThreeSame.BIC_v_reg(this, in di); break;
            case Op.ORR_v_reg: SimdThreeSame.ORR_v_reg(this, in di); break;
            case Op.ORN_v: SimdThreeSame.ORN_v(this, in di); break;
            case Op.EOR_v: SimdThreeSame.EOR_v(this, in di); break;
            case Op.BSL: SimdThreeSame.BSL(this, in di); break;
            case Op.BIT: SimdThreeSame.BIT(this, in di); break;
            case Op.BIF: SimdThreeSame.BIF(this, in di); break;
            case Op.SHSUB: SimdThreeSame.SHSUB(this, in di); break;
            case Op.UHSUB: SimdThreeSame.UHSUB(this, in di); break;
            case Op.SQSUB_v: SimdThreeSame.SQSUB_v(this, in di); break;
            case Op.UQSUB_v: SimdThreeSame.UQSUB_v(this, in di); break;
            case Op.CMGT_v: SimdThreeSame.CMGT_v(this, in di); break;
            case Op.CMHI_v: SimdThreeSame.CMHI_v(this, in di); break;
            case Op.CMGE_v: SimdThreeSame.CMGE_v(this, in di); break;
            case Op.CMHS_v: SimdThreeSame.CMHS_v(this, in di); break;
            case Op.SSHL_v: SimdThreeSame.SSHL_v(this, in di); break;
            case Op.USHL_v: SimdThreeSame.USHL_v(this, in di); break;
            case Op.SQSHL_v_reg: SimdThreeSame.SQSHL_v_reg(this, in di); break;
            case Op.UQSHL_v_reg: SimdThreeSame.UQSHL_v_reg(this, in di); break;
            case Op.SRSHL_v: SimdThreeSame.SRSHL_v(this, in di); break;
            case Op.URSHL_v: SimdThreeSame.URSHL_v(this, in di); break;
            case Op.SQRSHL_v: SimdThreeSame.SQRSHL_v(this, in di); break;
            case Op.UQRSHL_v: SimdThreeSame.UQRSHL_v(this, in di); break;
            case Op.SMAX: SimdThreeSame.SMAX(this, in di); break;
            case Op.UMAX: SimdThreeSame.UMAX(this, in di); break;
            case Op.SMIN: SimdThreeSame.SMIN(this, in di); break;
            case Op.UMIN: SimdThreeSame.UMIN(this, in di); break;
            case Op.SABD: SimdThreeSame.SABD(this, in di); break;
            case Op.UABD: SimdThreeSame.UABD(this, in di); break;
            case Op.SABA: SimdThreeSame.SABA(this, in di); break;
            case Op.UABA: SimdThreeSame.UABA(this, in di); break;
            case Op.ADD_v: SimdThreeSame.ADD_v(this, in di); break;
            case Op.SUB_v: SimdThreeSame.SUB_v(this, in di); break;
            case Op.CMTST_v: SimdThreeSame.CMTST_v(this, in di); break;
            case Op.CMEQ_v: SimdThreeSame.CMEQ_v(this, in di); break;
            case Op.MLA_v: SimdThreeSame.MLA_v(this, in di); break;
            case Op.MLS_v: SimdThreeSame.MLS_v(this, in di); break;
            case Op.MUL_v: SimdThreeSame.MUL_v(this, in di); break;
            case Op.PMUL: SimdThreeSame.PMUL(this, in di); break;
            case Op.SMAXP: SimdThreeSame.SMAXP(this, in di); break;
            case Op.UMAXP: SimdThreeSame.UMAXP(this, in di); break;
            case Op.SMINP: SimdThreeSame.SMINP(this, in di); break;
            case Op.UMINP: SimdThreeSame.UMINP(this, in di); break;
            case Op.SQDMULH_v: SimdThreeSame.SQDMULH_v(this, in di); break;
            case Op.SQRDMULH_v: SimdThreeSame.SQRDMULH_v(this, in di); break;
            case Op.ADDP_v: SimdThreeSame.ADDP_v(this, in di); break;
            case Op.SQADD_s: SimdThreeSame.SQADD_s(this, in di); break;
            case Op.UQADD_s: SimdThreeSame.UQADD_s(this, in di); break;
            case Op.SQSUB_s: SimdThreeSame.SQSUB_s(this, in di); break;
            case Op.UQSUB_s: SimdThreeSame.UQSUB_s(this, in di); break;
            case Op.CMGT_s: SimdThreeSame.CMGT_s(this, in di); break;
            case Op.CMHI_s: SimdThreeSame.CMHI_s(this, in di); break;
            case Op.CMGE_s: SimdThreeSame.CMGE_s(this, in di); break;
            case Op.CMHS_s: SimdThreeSame.CMHS_s(this, in di); break;
            case Op.SSHL_s: SimdThreeSame.SSHL_s(this, in di); break;
            case Op.USHL_s: SimdThreeSame.USHL_s(this, in di); break;
            case Op.SQSHL_s_reg: SimdThreeSame.SQSHL_s_reg(this, in di); break;
            case Op.UQSHL_s_reg: SimdThreeSame.UQSHL_s_reg(this, in di); break;
            case Op.SRSHL_s: SimdThreeSame.SRSHL_s(this, in di); break;
            case Op.URSHL_s: SimdThreeSame.URSHL_s(this, in di); break;
            case Op.SQRSHL_s: SimdThreeSame.SQRSHL_s(this, in di); break;
            case Op.UQRSHL_s: SimdThreeSame.UQRSHL_s(this, in di); break;
            case Op.ADD_s: SimdThreeSame.ADD_s(this, in di); break;
            case Op.SUB_s: SimdThreeSame.SUB_s(this, in di); break;
            case Op.CMTST_s: SimdThreeSame.CMTST_s(this, in di); break;
            case Op.CMEQ_s: SimdThreeSame.CMEQ_s(this, in di); break;
            case Op.SQDMULH_s: SimdThreeSame.SQDMULH_s(this, in di); break;
            case Op.SQRDMULH_s: SimdThreeSame.SQRDMULH_s(this, in di); break;
            case Op.ADDP_s: SimdThreeSame.ADDP_s(this, in di); break;
            case Op.REV64: SimdTwoRegisterMisc.REV64(this, in di); break;
            case Op.REV32_v: SimdTwoRegisterMisc.REV32_v(this, in di); break;
            case Op.REV16_v: SimdTwoRegisterMisc.REV16_v(this, in di); break;
            case Op.SADDLP: SimdTwoRegisterMisc.SADDLP(this, in di); break;
            case Op.UADDLP: SimdTwoRegisterMisc.UADDLP(this, in di); break;
            case Op.SUQADD_v: SimdTwoRegisterMisc.SUQADD_v(this, in di); break;
            case Op.USQADD_v: SimdTwoRegisterMisc.USQADD_v(this, in di); break;
            case Op.CLS_v: SimdTwoRegisterMisc.CLS_v(this, in di); break;
            case Op.CLZ_v: SimdTwoRegisterMisc.CLZ_v(this, in di); break;
            case Op.CNT: SimdTwoRegisterMisc.CNT(this, in di); break;
            case Op.NOT: SimdTwoRegisterMisc.NOT(this, in di); break;
            case Op.RBIT_v: SimdTwoRegisterMisc.RBIT_v(this, in di); break;
            case Op.SADALP: SimdTwoRegisterMisc.SADALP(this, in di); break;
            case Op.UADALP: SimdTwoRegisterMisc.UADALP(this, in di); break;
            case Op.SQABS_v: SimdTwoRegisterMisc.SQABS_v(this, in di); break;
            case Op.SQNEG_v: SimdTwoRegisterMisc.SQNEG_v(this, in di); break;
            case Op.CMGT_zero_v: SimdTwoRegisterMisc.CMGT_zero_v(this, in di); break;
            case Op.CMGE_zero_v: SimdTwoRegisterMisc.CMGE_zero_v(this, in di); break;
            case Op.CMEQ_zero_v: SimdTwoRegisterMisc.CMEQ_zero_v(this, in di); break;
            case Op.CMLE_zero_v: SimdTwoRegisterMisc.CMLE_zero_v(this, in di); break;
            case Op.CMLT_zero_v: SimdTwoRegisterMisc.CMLT_zero_v(this, in di); break;
            case Op.ABS_v: SimdTwoRegisterMisc.ABS_v(this, in di); break;
            case Op.NEG_v: SimdTwoRegisterMisc.NEG_v(this, in di); break;
            case Op.XTN: SimdTwoRegisterMisc.XTN(this, in di); break;
            case Op.SQXTUN_v: SimdTwoRegisterMisc.SQXTUN_v(this, in di); break;
            case Op.SHLL: SimdTwoRegisterMisc.SHLL(this, in di); break;
            case Op.SQXTN_v: SimdTwoRegisterMisc.SQXTN_v(this, in di); break;
            case Op.UQXTN_v: SimdTwoRegisterMisc.UQXTN_v(this, in di); break;
            case Op.SUQADD_s: SimdTwoRegisterMisc.SUQADD_s(this, in di); break;
            case Op.USQADD_s: SimdTwoRegisterMisc.USQADD_s(this, in di); break;
            case Op.SQABS_s: SimdTwoRegisterMisc.SQABS_s(this, in di); break;
            case Op.SQNEG_s: SimdTwoRegisterMisc.SQNEG_s(this, in di); break;
            case Op.CMGT_zero_s: SimdTwoRegisterMisc.CMGT_zero_s(this, in di); break;
            case Op.CMGE_zero_s: SimdTwoRegisterMisc.CMGE_zero_s(this, in di); break;
            case Op.CMEQ_zero_s: SimdTwoRegisterMisc.CMEQ_zero_s(this, in di); break;
            case Op.CMLE_zero_s: SimdTwoRegisterMisc.CMLE_zero_s(this, in di); break;
            case Op.CMLT_zero_s: SimdTwoRegisterMisc.CMLT_zero_s(this, in di); break;
            case Op.ABS_s: SimdTwoRegisterMisc.ABS_s(this, in di); break;
            case Op.NEG_s: SimdTwoRegisterMisc.NEG_s(this, in di); break;
            case Op.SQXTUN_s: SimdTwoRegisterMisc.SQXTUN_s(this, in di); break;
            case Op.SQXTN_s: SimdTwoRegisterMisc.SQXTN_s(this, in di); break;
            case Op.UQXTN_s: SimdTwoRegisterMisc.UQXTN_s(this, in di); break;
            case Op.SADDLV: SimdTwoRegisterMisc.SADDLV(this, in di); break;
            case Op.UADDLV: SimdTwoRegisterMisc.UADDLV(this, in di); break;
            case Op.SMAXV: SimdTwoRegisterMisc.SMAXV(this, in di); break;
            case Op.UMAXV: SimdTwoRegisterMisc.UMAXV(this, in di); break;
            case Op.SMINV: SimdTwoRegisterMisc.SMINV(this, in di); break;
            case Op.UMINV: SimdTwoRegisterMisc.UMINV(this, in di); break;
            case Op.ADDV: SimdTwoRegisterMisc.ADDV(this, in di); break;
            case Op.SADDL: SimdThreeDifferent.SADDL(this, in di); break;
            case Op.UADDL: SimdThreeDifferent.UADDL(this, in di); break;
            case Op.SADDW: SimdThreeDifferent.SADDW(this, in di); break;
            case Op.UADDW: SimdThreeDifferent.UADDW(this, in di); break;
            case Op.SSUBL: SimdThreeDifferent.SSUBL(this, in di); break;
            case Op.USUBL: SimdThreeDifferent.USUBL(this, in di); break;
            case Op.SSUBW: SimdThreeDifferent.SSUBW(this, in di); break;
            case Op.USUBW: SimdThreeDifferent.USUBW(this, in di); break;
            case Op.ADDHN: SimdThreeDifferent.ADDHN(this, in di); break;
            case Op.RADDHN: SimdThreeDifferent.RADDHN(this, in di); break;
            case Op.SABAL: SimdThreeDifferent.SABAL(this, in di); break;
            case Op.UABAL: SimdThreeDifferent.UABAL(this, in di); break;
            case Op.SUBHN: SimdThreeDifferent.SUBHN(this, in di); break;
            case Op.RSUBHN: SimdThreeDifferent.RSUBHN(this, in di); break;
            case Op.SABDL: SimdThreeDifferent.SABDL(this, in di); break;
            case Op.UABDL: SimdThreeDifferent.UABDL(this, in di); break;
            case Op.SMLAL_v: SimdThreeDifferent.SMLAL_v(this, in di); break;
            case Op.UMLAL_v: SimdThreeDifferent.UMLAL_v(this, in di); break;
            case Op.SQDMLAL_v: SimdThreeDifferent.SQDMLAL_v(this, in di); break;
            case Op.SMLSL_v: SimdThreeDifferent.SMLSL_v(this, in di); break;
            case Op.UMLSL_v: SimdThreeDifferent.UMLSL_v(this, in di); break;
            case Op.SQDMLSL_v: SimdThreeDifferent.SQDMLSL_v(this, in di); break;
            case Op.SMULL_v: SimdThreeDifferent.SMULL_v(this, in di); break;
            case Op.UMULL_v: SimdThreeDifferent.UMULL_v(this, in di); break;
            case Op.SQDMULL_v: SimdThreeDifferent.SQDMULL_v(this, in di); break;
            case Op.PMULL: SimdThreeDifferent.PMULL(this, in di); break;
            case Op.SQDMLAL_s: SimdThreeDifferent.SQDMLAL_s(this, in di); break;
            case Op.SQDMLSL_s: SimdThreeDifferent.SQDMLSL_s(this, in di); break;
            case Op.SQDMULL_s: SimdThreeDifferent.SQDMULL_s(this, in di); break;
            case Op.MLA_elem: SimdByElement.MLA_elem(this, in di); break;
            case Op.SMLAL_elem: SimdByElement.SMLAL_elem(this, in di); break;
            case Op.UMLAL_elem: SimdByElement.UMLAL_elem(this, in di); break;
            case Op.SQDMLAL_elem_v: SimdByElement.SQDMLAL_elem_v(this, in di); break;
            case Op.MLS_elem: SimdByElement.MLS_elem(this, in di); break;
            case Op.SMLSL_elem: SimdByElement.SMLSL_elem(this, in di); break;
            case Op.UMLSL_elem: SimdByElement.UMLSL_elem(this, in di); break;
            case Op.SQDMLSL_elem_v: SimdByElement.SQDMLSL_elem_v(this, in di); break;
            case Op.MUL_elem: SimdByElement.MUL_elem(this, in di); break;
            case Op.SMULL_elem: SimdByElement.SMULL_elem(this, in di); break;
            case Op.UMULL_elem: SimdByElement.UMULL_elem(this, in di); break;
            case Op.SQDMULL_elem_v: SimdByElement.SQDMULL_elem_v(this, in di); break;
            case Op.SQDMULH_elem_v: SimdByElement.SQDMULH_elem_v(this, in di); break;
            case Op.SQRDMULH_elem_v: SimdByElement.SQRDMULH_elem_v(this, in di); break;
            case Op.SQDMLAL_elem_s: SimdByElement.SQDMLAL_elem_s(this, in di); break;
            case Op.SQDMLSL_elem_s: SimdByElement.SQDMLSL_elem_s(this, in di); break;
            case Op.SQDMULL_elem_s: SimdByElement.SQDMULL_elem_s(this, in di); break;
            case Op.SQDMULH_elem_s: SimdByElement.SQDMULH_elem_s(this, in di); break;
            case Op.SQRDMULH_elem_s: SimdByElement.SQRDMULH_elem_s(this, in di); break;
            case Op.SSHR_v8: case Op.SSHR_v16: case Op.SSHR_v32: case Op.SSHR_v64: SimdShiftImmediate.SSHR_v(this, in di); break;
            case Op.USHR_v8: case Op.USHR_v16: case Op.USHR_v32: case Op.USHR_v64: SimdShiftImmediate.USHR_v(this, in di); break;
            case Op.SSRA_v8: case Op.SSRA_v16: case Op.SSRA_v32: case Op.SSRA_v64: SimdShiftImmediate.SSRA_v(this, in di); break;
            case Op.USRA_v8: case Op.USRA_v16: case Op.USRA_v32: case Op.USRA_v64: SimdShiftImmediate.USRA_v(this, in di); break;
            case Op.SRSHR_v8: case Op.SRSHR_v16: case Op.SRSHR_v32: case Op.SRSHR_v64: SimdShiftImmediate.SRSHR_v(this, in di); break;
            case Op.URSHR_v8: case Op.URSHR_v16: case Op.URSHR_v32: case Op.URSHR_v64: SimdShiftImmediate.URSHR_v(this, in di); break;
            case Op.SRSRA_v8: case Op.SRSRA_v16: case Op.SRSRA_v32: case Op.SRSRA_v64: SimdShiftImmediate.SRSRA_v(this, in di); break;
            case Op.URSRA_v8: case Op.URSRA_v16: case Op.URSRA_v32: case Op.URSRA_v64: SimdShiftImmediate.URSRA_v(this, in di); break;
            case Op.SRI_v8: case Op.SRI_v16: case Op.SRI_v32: case Op.SRI_v64: SimdShiftImmediate.SRI_v(this, in di); break;
            case Op.SHL_v8: case Op.SHL_v16: case Op.SHL_v32: case Op.SHL_v64: SimdShiftImmediate.SHL_v(this, in di); break;
            case Op.SLI_v8: case Op.SLI_v16: case Op.SLI_v32: case Op.SLI_v64: SimdShiftImmediate.SLI_v(this, in di); break;
            case Op.SQSHLU_v8: case Op.SQSHLU_v16: case Op.SQSHLU_v32: case Op.SQSHLU_v64: SimdShiftImmediate.SQSHLU_v(this, in di); break;
            case Op.SQSHL_imm_v8: case Op.SQSHL_imm_v16: case Op.SQSHL_imm_v32: case Op.SQSHL_imm_v64: SimdShiftImmediate.SQSHL_imm_v(this, in di); break;
            case Op.UQSHL_imm_v8: case Op.UQSHL_imm_v16: case Op.UQSHL_imm_v32: case Op.UQSHL_imm_v64: SimdShiftImmediate.UQSHL_imm_v(this, in di); break;
            case Op.SHRN_v8: case Op.SHRN_v16: case Op.SHRN_v32: SimdShiftImmediate.SHRN_v(this, in di); break;
            case Op.SQSHRUN_v8: case Op.SQSHRUN_v16: case Op.SQSHRUN_v32: SimdShiftImmediate.SQSHRUN_v(this, in di); break;
            case Op.RSHRN_v8: case Op.RSHRN_v16: case Op.RSHRN_v32: SimdShiftImmediate.RSHRN_v(this, in di); break;
            case Op.SQRSHRUN_v8: case Op.SQRSHRUN_v16: case Op.SQRSHRUN_v32: SimdShiftImmediate.SQRSHRUN_v(this, in di); break;
            case Op.SQSHRN_v8: case Op.SQSHRN_v16: case Op.SQSHRN_v32: SimdShiftImmediate.SQSHRN_v(this, in di); break;
            case Op.UQSHRN_v8: case Op.UQSHRN_v16: case Op.UQSHRN_v32: SimdShiftImmediate.UQSHRN_v(this, in di); break;
            case Op.SQRSHRN_v8: case Op.SQRSHRN_v16: case Op.SQRSHRN_v32: SimdShiftImmediate.SQRSHRN_v(this, in di); break;
            case Op.UQRSHRN_v8: case Op.UQRSHRN_v16: case Op.UQRSHRN_v32: SimdShiftImmediate.UQRSHRN_v(this, in di); break;
            case Op.SSHLL_v8: case Op.SSHLL_v16: case Op.SSHLL_v32: SimdShiftImmediate.SSHLL_v(this, in di); break;
            case Op.USHLL_v8: case Op.USHLL_v16: case Op.USHLL_v32: SimdShiftImmediate.USHLL_v(this, in di); break;
            case Op.SSHR_s: SimdShiftImmediate.SSHR_s(this, in di); break;
            case Op.USHR_s: SimdShiftImmediate.USHR_s(this, in di); break;
            case Op.SSRA_s: SimdShiftImmediate.SSRA_s(this, in di); break;
            case Op.USRA_s: SimdShiftImmediate.USRA_s(this, in di); break;
            case Op.SRSHR_s: SimdShiftImmediate.SRSHR_s(this, in di); break;
            case Op.URSHR_s: SimdShiftImmediate.URSHR_s(this, in di); break;
            case Op.SRSRA_s: SimdShiftImmediate.SRSRA_s(this, in di); break;
            case Op.URSRA_s: SimdShiftImmediate.URSRA_s(this, in di); break;
            case Op.SRI_s: SimdShiftImmediate.SRI_s(this, in di); break;
            case Op.SHL_s: SimdShiftImmediate.SHL_s(this, in di); break;
            case Op.SLI_s: SimdShiftImmediate.SLI_s(this, in di); break;
            case Op.SQSHLU_s: SimdShiftImmediate.SQSHLU_s(this, in di); break;
            case Op.SQSHL_imm_s: SimdShiftImmediate.SQSHL_imm_s(this, in di); break;
            case Op.UQSHL_imm_s: SimdShiftImmediate.UQSHL_imm_s(this, in di); break;
            case Op.SQSHRUN_s: SimdShiftImmediate.SQSHRUN_s(this, in di); break;
            case Op.SQRSHRUN_s: SimdShiftImmediate.SQRSHRUN_s(this, in di); break;
            case Op.SQSHRN_s: SimdShiftImmediate.SQSHRN_s(this, in di); break;
            case Op.UQSHRN_s: SimdShiftImmediate.UQSHRN_s(this, in di); break;
            case Op.SQRSHRN_s: SimdShiftImmediate.SQRSHRN_s(this, in di); break;
            case Op.UQRSHRN_s: SimdShiftImmediate.UQRSHRN_s(this, in di); break;
            case Op.TBL: SimdPermuteCopy.TBL(this, in di); break;
            case Op.TBX: SimdPermuteCopy.TBX(this, in di); break;
            case Op.UZP1: SimdPermuteCopy.UZP1(this, in di); break;
            case Op.TRN1: SimdPermuteCopy.TRN1(this, in di); break;
            case Op.ZIP1: SimdPermuteCopy.ZIP1(this, in di); break;
            case Op.UZP2: SimdPermuteCopy.UZP2(this, in di); break;
            case Op.TRN2: SimdPermuteCopy.TRN2(this, in di); break;
            case Op.ZIP2: SimdPermuteCopy.ZIP2(this, in di); break;
            case Op.EXT: SimdPermuteCopy.EXT(this, in di); break;
            case Op.DUP_elem_v: SimdPermuteCopy.DUP_elem_v(this, in di); break;
            case Op.DUP_general: SimdPermuteCopy.DUP_general(this, in di); break;
            case Op.SMOV: SimdPermuteCopy.SMOV(this, in di); break;
            case Op.UMOV: SimdPermuteCopy.UMOV(this, in di); break;
            case Op.INS_general: SimdPermuteCopy.INS_general(this, in di); break;
            case Op.INS_elem: SimdPermuteCopy.INS_elem(this, in di); break;
            case Op.DUP_elem_s: SimdPermuteCopy.DUP_elem_s(this, in di); break;
            case Op.MOVI: SimdPermuteCopy.MOVI(this, in di); break;
            case Op.FMOV_v_imm: SimdPermuteCopy.FMOV_v_imm(this, in di); break;
            // (end of advanced SIMD integer)


            // ---- Loads and stores: SIMD and floating-point registers ---------------------------
            // (end of SIMD and floating-point loads and stores)


            // ---- Cryptographic extension --------------------------------------------------------
            // (end of cryptographic extension)


            default: Unhandled(in di); break;
        }
    }

    /// <summary>
    /// CPACR_EL1.FPEN (Arm ARM D17.2.30): 0b11 traps nothing, 0b01 traps EL0 only, 0b00 and
    /// 0b10 trap EL0 and EL1. A trapped instruction takes an exception with EC 0x07 whose ISS
    /// has CV = 1 and COND = 0b1110 (the values the architecture gives for an A64 instruction),
    /// returning to the instruction itself. MRS/MSR of FPCR and FPSR use it too.
    /// </summary>
    public bool CheckFpAccess()
    {
        uint fpen = (uint)(State.CpacrEl1 >> 20) & 3;
        if (fpen == 3 || (fpen == 1 && State.CurrentEl == 1)) return true;
        TakeException(ExceptionKind.Synchronous, ExceptionClass.FpAccessTrap, FpAccessTrapIss, InstructionAddress);
        return false;
    }

    const uint FpAccessTrapIss = 1u << 24 | 0b1110u << 20;

    // ---- SIMD and floating-point registers -------------------------------------------
    // V[2n] is bits 63:0 of Vn, V[2n + 1] bits 127:64 (CpuState.V). Register fields of FP/SIMD
    // rows are decoded like general-purpose ones (lower-case letters: 31 is slot 31), so
    // a slot is the register number.

    /// <summary>Bits 63:0 of Vn (Dn).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong VLow(int n) => State.V[2 * n];

    /// <summary>Bits 127:64 of Vn.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong VHigh(int n) => State.V[2 * n + 1];

    /// <summary>Writes all 128 bits of Vn.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetV(int n, ulong low, ulong high)
    {
        State.V[2 * n] = low;
        State.V[2 * n + 1] = high;
    }

    /// <summary>
    /// A scalar write of 8, 16, 32 or 64 bits to Vn (Bn, Hn, Sn, Dn): the bits above the
    /// written size are cleared up to bit 127, as every scalar FP/SIMD write does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetVScalar(int n, ulong value, int bits)
    {
        State.V[2 * n] = bits == 64 ? value : value & ((1UL << bits) - 1);
        State.V[2 * n + 1] = 0;
    }

    /// <summary>Element <paramref name="index"/> of <paramref name="bits"/> (8, 16, 32 or 64) of Vn, zero-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong VElement(int n, int index, int bits)
    {
        int bit = index * bits;
        ulong half = State.V[2 * n + (bit >> 6)];
        return bits == 64 ? half : (half >> (bit & 63)) & ((1UL << bits) - 1);
    }

    /// <summary>Writes element <paramref name="index"/> of Vn, leaving the other bits as they are (INS-like).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetVElement(int n, int index, int bits, ulong value)
    {
        int bit = index * bits;
        ref ulong half = ref State.V[2 * n + (bit >> 6)];
        if (bits == 64) { half = value; return; }
        ulong mask = ((1UL << bits) - 1) << (bit & 63);
        half = (half & ~mask) | ((value << (bit & 63)) & mask);
    }
}
