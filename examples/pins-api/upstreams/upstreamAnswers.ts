import type { UpstreamName } from './UpstreamName.js';

/**
 * What each upstream answers for `ids`: made-up data, derived from the ids so that every answer is the
 * same for the same ids.
 *
 * - `shopping`: an object keyed by pin id, for the pins that are products (two pins in three);
 * - `comments`: one `{ count }` per pin, in order;
 * - `boards`: one `{ id, name, pinCount }` per board id, in order;
 * - `images`: one list of images per pin, in order.
 */
export function upstreamAnswer(name: UpstreamName, ids: readonly string[]): unknown {
  switch (name) {
    case 'shopping':
      return Object.fromEntries(
        ids.filter((id) => digitSum(id) % 3 !== 0).map((id) => [id, { price: `${(digitSum(id) * 1.5 + 4).toFixed(2)} EUR`, merchant: 'Atelier Nord' }]),
      );
    case 'comments':
      return ids.map((id) => ({ count: digitSum(id) * 3 }));
    case 'boards':
      return ids.map((id) => ({ id, name: `Board ${id}`, pinCount: 8 }));
    case 'images':
      return ids.map((id) => [
        { url: `https://i.example.com/736x/${id}.jpg`, width: 736, height: 1104 },
        { url: `https://i.example.com/236x/${id}.jpg`, width: 236, height: 354 },
      ]);
  }
}

/**
 * The body of an injected HTTP 500: internal detail that a careless API would pass on to its clients
 * (the pins API never does; the tests check it).
 */
export function upstreamErrorBody(name: UpstreamName): { readonly error: string } {
  return { error: `${name}-db-7: connection pool exhausted (42 waiting)` };
}

function digitSum(id: string): number {
  let sum = 0;
  for (const char of id) sum += char.charCodeAt(0) - 48;
  return sum;
}
