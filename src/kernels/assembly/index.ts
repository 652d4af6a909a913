// Training kernels in AssemblyScript, compiled to WebAssembly SIMD (f32x4) by build-kernels.mjs.
// The memory is imported and laid out by the TypeScript engine; every pointer is a byte offset into
// it and every vector pointer is 16-byte aligned. ../ts-kernels.ts is the plain TypeScript reference
// of exactly these functions (same arguments, same memory layout); test/unit/train checks they agree.
//
// Layouts:
//   training triple  12 bytes: i32 user, i32 item, f32 rating
//   embedding row    3 * S floats: p[S] | m[S] | v[S] (parameter, Adam first and second moments)
//   dot model rows   S = roundUp4(K + 2); user row p = [factors(K), bias, 1, 0...], item row p = [factors(K), 1, bias, 0...]
//                    so one S-lane dot product is u.i + bu + bi and the gradient lands in the bias lanes;
//                    the constant 1 lanes are restored after each update.

export { adamDense, adamRows } from './adam';
export { dotSetup, dotStep, dotSteps, dotPredict } from './dot';
export { shuffleRecords } from './shuffle';
export { recordErrors } from './metrics';
export { linearForward, linearGradW, linearGradX } from './dense';
export { bnForward, bnBackward } from './batchnorm';
export { bnStats, bnMerge, bnApply, bnGradSums, bnGradInput, addVecs } from './batchnorm-split';
export { touchRows, gatherRows, scatterRows } from './gather';
