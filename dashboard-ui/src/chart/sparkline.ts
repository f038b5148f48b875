/** SVG path of a sparkline: gaps where a bucket has no data. Pure, unit-tested. */
export function sparkPath(values: (number | null)[], width: number, height: number, pad = 1): string {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0 || values.length === 0) return '';
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (max === min) {
    min -= 1;
    max += 1;
  }
  const dx = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const y = (v: number) => pad + (height - 2 * pad) * (1 - (v - min) / (max - min));
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${(pad + i * dx).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}
