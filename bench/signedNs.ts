/** A difference in ns, rounded, with its sign: `+12`, `−3`, `0`. */
export function signedNs(ns: number): string {
  const rounded = Math.round(ns);
  if (rounded > 0) return `+${rounded}`;
  return rounded < 0 ? `−${-rounded}` : '0';
}
