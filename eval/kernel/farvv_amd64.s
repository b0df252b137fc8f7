//go:build amd64 && !goexperiment.simd && !purego

#include "textflag.h"

// bits4 maps a 4-bit compare mask to four bytes 0 or 1 (little-endian).
DATA bits4<>+0(SB)/4, $0x00000000
DATA bits4<>+4(SB)/4, $0x00000001
DATA bits4<>+8(SB)/4, $0x00000100
DATA bits4<>+12(SB)/4, $0x00000101
DATA bits4<>+16(SB)/4, $0x00010000
DATA bits4<>+20(SB)/4, $0x00010001
DATA bits4<>+24(SB)/4, $0x00010100
DATA bits4<>+28(SB)/4, $0x00010101
DATA bits4<>+32(SB)/4, $0x01000000
DATA bits4<>+36(SB)/4, $0x01000001
DATA bits4<>+40(SB)/4, $0x01000100
DATA bits4<>+44(SB)/4, $0x01000101
DATA bits4<>+48(SB)/4, $0x01010000
DATA bits4<>+52(SB)/4, $0x01010001
DATA bits4<>+56(SB)/4, $0x01010100
DATA bits4<>+60(SB)/4, $0x01010101
GLOBL bits4<>(SB), RODATA|NOPTR, $64

// One block: x in Y0, y in Y1 compared with predicate P into four result bytes; the
// pattern distance x-y plus NearUlps, sign-flipped (Y6 adds NearUlps+MinInt64), is
// near when below 2*NearUlps+MinInt64 (Y7) as signed; an unordered x with itself is
// a NaN. Y8 gathers both.
#define BLOCK(P) \
	VMOVUPD (SI), Y0 \
	VMOVUPD (DX), Y1 \
	VCMPPD P, Y1, Y0, Y2 \
	VMOVMSKPD Y2, AX \
	MOVL (R8)(AX*4), BX \
	MOVL BX, (DI) \
	VPSUBQ Y1, Y0, Y3 \
	VPADDQ Y6, Y3, Y3 \
	VPCMPGTQ Y3, Y7, Y4 \
	VCMPPD $3, Y0, Y0, Y5 \
	VPOR Y4, Y8, Y8 \
	VPOR Y5, Y8, Y8 \
	ADDQ $32, SI \
	ADDQ $32, DX \
	ADDQ $4, DI

// func farVVAVX2(less bool, r *byte, x, y *float64, blocks int) (near bool)
TEXT ·farVVAVX2(SB), NOSPLIT, $0-41
	MOVBQZX less+0(FP), R9
	MOVQ r+8(FP), DI
	MOVQ x+16(FP), SI
	MOVQ y+24(FP), DX
	MOVQ blocks+32(FP), CX
	LEAQ bits4<>(SB), R8
	MOVQ $0x8000000000001000, AX // NearUlps + MinInt64
	MOVQ AX, X6
	VPBROADCASTQ X6, Y6
	MOVQ $0x8000000000002000, AX // 2*NearUlps + MinInt64
	MOVQ AX, X7
	VPBROADCASTQ X7, Y7
	VPXOR Y8, Y8, Y8
	TESTQ CX, CX
	JZ done
	TESTQ R9, R9
	JZ eq

lt:
	BLOCK($0x11) // LT_OQ: false for a NaN
	DECQ CX
	JNZ lt
	JMP done

eq:
	BLOCK($0x00) // EQ_OQ
	DECQ CX
	JNZ eq

done:
	VPTEST Y8, Y8
	SETNE near+40(FP)
	VZEROUPPER
	RET
