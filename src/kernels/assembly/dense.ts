// Dense layers: row-major matrices, strides in floats (multiples of 4), rows nv vectors long.
import { dotVecMadd as dotVec, hsum, madd } from './vec';

// Register tiles: the forward pass computes 2 rows x 4 outputs at once, the weight gradient 4 outputs x
// 2 vectors, the input gradient 4 rows x 2 vectors (8 accumulators each), so every loaded vector
// feeds several multiply-adds; the leftovers run one at a time.

/** y[b, o] = x[b, :] . w[o, :] for b < rows, o < nOut (w rows are nv vectors). */
export function linearForward(x: usize, xStride: i32, w: usize, y: usize, yStride: i32, rows: i32, nOut: i32, nv: i32): void {
  const wRow = <usize>nv << 4;
  const xRow = <usize>xStride << 2;
  const yRow = <usize>yStride << 2;
  let b = 0;
  for (; b + 2 <= rows; b += 2) {
    const x0 = x + <usize>b * xRow;
    const x1 = x0 + xRow;
    const y0 = y + <usize>b * yRow;
    const y1 = y0 + yRow;
    let o = 0;
    for (; o + 4 <= nOut; o += 4) {
      const w0 = w + <usize>o * wRow;
      const w1 = w0 + wRow;
      const w2 = w1 + wRow;
      const w3 = w2 + wRow;
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a02 = f32x4.splat(0), a03 = f32x4.splat(0);
      let a10 = f32x4.splat(0), a11 = f32x4.splat(0), a12 = f32x4.splat(0), a13 = f32x4.splat(0);
      for (let k = 0; k < nv; k++) {
        const off = <usize>k << 4;
        const u = v128.load(x0 + off);
        const v = v128.load(x1 + off);
        const c0 = v128.load(w0 + off);
        const c1 = v128.load(w1 + off);
        const c2 = v128.load(w2 + off);
        const c3 = v128.load(w3 + off);
        a00 = madd(u, c0, a00);
        a01 = madd(u, c1, a01);
        a02 = madd(u, c2, a02);
        a03 = madd(u, c3, a03);
        a10 = madd(v, c0, a10);
        a11 = madd(v, c1, a11);
        a12 = madd(v, c2, a12);
        a13 = madd(v, c3, a13);
      }
      const p0 = y0 + (<usize>o << 2);
      const p1 = y1 + (<usize>o << 2);
      store<f32>(p0, hsum(a00));
      store<f32>(p0, hsum(a01), 4);
      store<f32>(p0, hsum(a02), 8);
      store<f32>(p0, hsum(a03), 12);
      store<f32>(p1, hsum(a10));
      store<f32>(p1, hsum(a11), 4);
      store<f32>(p1, hsum(a12), 8);
      store<f32>(p1, hsum(a13), 12);
    }
    for (; o < nOut; o++) {
      const wr = w + <usize>o * wRow;
      store<f32>(y0 + (<usize>o << 2), dotVec(x0, wr, nv));
      store<f32>(y1 + (<usize>o << 2), dotVec(x1, wr, nv));
    }
  }
  for (; b < rows; b++) {
    const xr = x + <usize>b * xRow;
    const yr = y + <usize>b * yRow;
    for (let o = 0; o < nOut; o++) store<f32>(yr + (<usize>o << 2), dotVec(xr, w + <usize>o * wRow, nv));
  }
}

/** gw[o, :] = sum over b < rows of dy[b, o] * x[b, :] (overwrites gw). */
export function linearGradW(dy: usize, dyStride: i32, x: usize, xStride: i32, gw: usize, rows: i32, nOut: i32, nv: i32): void {
  const wRow = <usize>nv << 4;
  const xRow = <usize>xStride << 2;
  const dyRow = <usize>dyStride << 2;
  let o = 0;
  for (; o + 4 <= nOut; o += 4) {
    const g0 = gw + <usize>o * wRow;
    const g1 = g0 + wRow;
    const g2 = g1 + wRow;
    const g3 = g2 + wRow;
    const dyo = dy + (<usize>o << 2);
    let k = 0;
    for (; k + 2 <= nv; k += 2) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
      const xk = x + (<usize>k << 4);
      for (let b = 0; b < rows; b++) {
        const xr = xk + <usize>b * xRow;
        const u = v128.load(xr);
        const v = v128.load(xr, 16);
        const dr = dyo + <usize>b * dyRow;
        const d0 = f32x4.splat(load<f32>(dr));
        const d1 = f32x4.splat(load<f32>(dr, 4));
        const d2 = f32x4.splat(load<f32>(dr, 8));
        const d3 = f32x4.splat(load<f32>(dr, 12));
        a0 = madd(d0, u, a0);
        b0 = madd(d0, v, b0);
        a1 = madd(d1, u, a1);
        b1 = madd(d1, v, b1);
        a2 = madd(d2, u, a2);
        b2 = madd(d2, v, b2);
        a3 = madd(d3, u, a3);
        b3 = madd(d3, v, b3);
      }
      const off = <usize>k << 4;
      v128.store(g0 + off, a0);
      v128.store(g0 + off, b0, 16);
      v128.store(g1 + off, a1);
      v128.store(g1 + off, b1, 16);
      v128.store(g2 + off, a2);
      v128.store(g2 + off, b2, 16);
      v128.store(g3 + off, a3);
      v128.store(g3 + off, b3, 16);
    }
    if (k < nv) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      const xk = x + (<usize>k << 4);
      for (let b = 0; b < rows; b++) {
        const u = v128.load(xk + <usize>b * xRow);
        const dr = dyo + <usize>b * dyRow;
        a0 = madd(f32x4.splat(load<f32>(dr)), u, a0);
        a1 = madd(f32x4.splat(load<f32>(dr, 4)), u, a1);
        a2 = madd(f32x4.splat(load<f32>(dr, 8)), u, a2);
        a3 = madd(f32x4.splat(load<f32>(dr, 12)), u, a3);
      }
      const off = <usize>k << 4;
      v128.store(g0 + off, a0);
      v128.store(g1 + off, a1);
      v128.store(g2 + off, a2);
      v128.store(g3 + off, a3);
    }
  }
  for (; o < nOut; o++) {
    const g = gw + <usize>o * wRow;
    const dyo = dy + (<usize>o << 2);
    for (let k = 0; k < nv; k++) {
      let a = f32x4.splat(0);
      const xk = x + (<usize>k << 4);
      for (let b = 0; b < rows; b++) a = madd(f32x4.splat(load<f32>(dyo + <usize>b * dyRow)), v128.load(xk + <usize>b * xRow), a);
      v128.store(g + (<usize>k << 4), a);
    }
  }
}

/** dx[b, :] = sum over o < nOut of dy[b, o] * w[o, :] (overwrites dx rows, nv vectors each). */
export function linearGradX(dy: usize, dyStride: i32, w: usize, dx: usize, dxStride: i32, rows: i32, nOut: i32, nv: i32): void {
  const wRow = <usize>nv << 4;
  const dyRow = <usize>dyStride << 2;
  const dxRow = <usize>dxStride << 2;
  let b = 0;
  for (; b + 4 <= rows; b += 4) {
    const d0r = dy + <usize>b * dyRow;
    const d1r = d0r + dyRow;
    const d2r = d1r + dyRow;
    const d3r = d2r + dyRow;
    const x0 = dx + <usize>b * dxRow;
    const x1 = x0 + dxRow;
    const x2 = x1 + dxRow;
    const x3 = x2 + dxRow;
    let k = 0;
    for (; k + 2 <= nv; k += 2) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
      const wk = w + (<usize>k << 4);
      for (let o = 0; o < nOut; o++) {
        const wr = wk + <usize>o * wRow;
        const u = v128.load(wr);
        const v = v128.load(wr, 16);
        const oo = <usize>o << 2;
        const d0 = f32x4.splat(load<f32>(d0r + oo));
        const d1 = f32x4.splat(load<f32>(d1r + oo));
        const d2 = f32x4.splat(load<f32>(d2r + oo));
        const d3 = f32x4.splat(load<f32>(d3r + oo));
        a0 = madd(d0, u, a0);
        b0 = madd(d0, v, b0);
        a1 = madd(d1, u, a1);
        b1 = madd(d1, v, b1);
        a2 = madd(d2, u, a2);
        b2 = madd(d2, v, b2);
        a3 = madd(d3, u, a3);
        b3 = madd(d3, v, b3);
      }
      const off = <usize>k << 4;
      v128.store(x0 + off, a0);
      v128.store(x0 + off, b0, 16);
      v128.store(x1 + off, a1);
      v128.store(x1 + off, b1, 16);
      v128.store(x2 + off, a2);
      v128.store(x2 + off, b2, 16);
      v128.store(x3 + off, a3);
      v128.store(x3 + off, b3, 16);
    }
    if (k < nv) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      const wk = w + (<usize>k << 4);
      for (let o = 0; o < nOut; o++) {
        const u = v128.load(wk + <usize>o * wRow);
        const oo = <usize>o << 2;
        a0 = madd(f32x4.splat(load<f32>(d0r + oo)), u, a0);
        a1 = madd(f32x4.splat(load<f32>(d1r + oo)), u, a1);
        a2 = madd(f32x4.splat(load<f32>(d2r + oo)), u, a2);
        a3 = madd(f32x4.splat(load<f32>(d3r + oo)), u, a3);
      }
      const off = <usize>k << 4;
      v128.store(x0 + off, a0);
      v128.store(x1 + off, a1);
      v128.store(x2 + off, a2);
      v128.store(x3 + off, a3);
    }
  }
  for (; b < rows; b++) {
    const dr = dy + <usize>b * dyRow;
    const xr = dx + <usize>b * dxRow;
    for (let k = 0; k < nv; k++) {
      let a = f32x4.splat(0);
      const wk = w + (<usize>k << 4);
      for (let o = 0; o < nOut; o++) a = madd(f32x4.splat(load<f32>(dr + (<usize>o << 2))), v128.load(wk + <usize>o * wRow), a);
      v128.store(xr + (<usize>k << 4), a);
    }
  }
}

