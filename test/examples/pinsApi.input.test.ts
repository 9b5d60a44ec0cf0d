/**
 * Bad input to the pins API, over real sockets, in both modes: every case is a 4xx with a short JSON
 * error, no stack trace, and no upstream is called.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FIELDS } from '../../examples/pins-api/fields.js';
import { PIN_FIELDS, UPSTREAM_NAMES, type ErrorBody } from '../../examples/pins-api/index.js';
import { httpGet } from '../../examples/load/httpGet.js';
import { startPinsApiFixture, type PinsApiFixture } from './support/pinsApiFixture.js';

let fixture: PinsApiFixture;
beforeAll(async () => {
  fixture = await startPinsApiFixture();
});
afterAll(() => fixture.close());

const VALID_FIELDS = `valid fields: ${PIN_FIELDS.join(', ')}`;

/** Each bad request, the status it gets, and the message (or a pattern of it). */
const CASES: readonly { readonly name: string; readonly path: string; readonly status: number; readonly message: string | RegExp }[] = [
  { name: 'an unknown field', path: '/v3/pins/7?fields=shopping,price', status: 400, message: `unknown field "price"; ${VALID_FIELDS}` },
  { name: '__proto__ as a field', path: '/v3/pins/7?fields=__proto__', status: 400, message: `unknown field "__proto__"; ${VALID_FIELDS}` },
  { name: 'constructor as a field', path: '/v3/pins/7?fields=constructor', status: 400, message: `unknown field "constructor"; ${VALID_FIELDS}` },
  { name: 'toString as a field', path: '/v3/boards/1/pins?fields=toString', status: 400, message: `unknown field "toString"; ${VALID_FIELDS}` },
  {
    name: 'more than 20 fields',
    path: `/v3/pins/7?fields=${Array(MAX_FIELDS + 1).fill('images').join(',')}`,
    status: 400,
    message: `too many fields: ${MAX_FIELDS + 1} given, at most ${MAX_FIELDS}`,
  },
  { name: 'an empty field name', path: '/v3/pins/7?fields=shopping,,images', status: 400, message: `\`fields\` has an empty name; ${VALID_FIELDS}` },
  { name: 'an empty fields parameter', path: '/v3/pins/7?fields=', status: 400, message: `\`fields\` has an empty name; ${VALID_FIELDS}` },
  { name: 'fields given twice', path: '/v3/pins/7?fields=shopping&fields=images', status: 400, message: '`fields` must be given once, as comma-separated names' },
  {
    name: 'a long unknown field, echoed cut short',
    path: `/v3/pins/7?fields=${'x'.repeat(500)}`,
    status: 400,
    message: `unknown field "${'x'.repeat(40)}…"; ${VALID_FIELDS}`,
  },
  ...['abc', '12a', '0', '007', '-1', '1.5', '1e5', '12345678901234567890', '%20'].map((id) => ({
    name: `malformed pin id '${id}'`,
    path: `/v3/pins/${id}?fields=images`,
    status: 400,
    message: 'malformed pin id: expected a decimal number of 1 to 19 digits, without a leading zero',
  })),
  { name: 'a malformed board id', path: '/v3/boards/b-1/pins', status: 400, message: 'malformed board id: expected a decimal number of 1 to 19 digits, without a leading zero' },
  { name: 'a URL that does not decode', path: '/v3/pins/%zz', status: 400, message: 'Bad Request: malformed URL' },
  { name: 'an id longer than a route allows', path: `/v3/pins/${'1'.repeat(120)}`, status: 414, message: 'URI Too Long: malformed URL' },
  { name: 'an unknown route', path: '/v3/pins', status: 404, message: /^no such route/ },
];

describe.each(['library', 'naive'] as const)('%s mode', (mode) => {
  it.each(CASES)('answers $name with $status and a clear message', async ({ path, status, message }) => {
    const before = UPSTREAM_NAMES.map((name) => fixture.upstreams.controls[name].stats.requests);
    const answer = await httpGet(fixture.api(mode).url + path);

    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    const body = answer.json<ErrorBody>();
    expect(Object.keys(body).sort()).toEqual(['error', 'message']);
    expect(body.error).toBe(status === 404 ? 'not_found' : 'bad_request');
    if (typeof message === 'string') expect(body.message).toBe(message);
    else expect(body.message).toMatch(message);
    expect(answer.text).not.toMatch(/\bat .+:\d+|stack|Error:/);
    // The raw URL is never echoed (only a cut-short field name is).
    if (path.length > 100) expect(answer.text.length).toBeLessThan(200);
    expect(UPSTREAM_NAMES.map((name) => fixture.upstreams.controls[name].stats.requests)).toEqual(before);
    expect(answer.headers['x-degraded-fields']).toBeUndefined();
  });

  it('accepts exactly 20 fields, repeats included, and every field once', async () => {
    const twenty = await httpGet(`${fixture.api(mode).url}/v3/pins/7?fields=${Array(MAX_FIELDS).fill('comments').join(',')}`);
    expect(twenty.status).toBe(200);
    expect(twenty.json()).toEqual({ pin: { id: '7', comments: { count: 21 } } });

    const spaced = await httpGet(`${fixture.api(mode).url}/v3/pins/7?fields=${encodeURIComponent(' board , images ')}`);
    expect(spaced.status).toBe(200);
    expect(Object.keys(spaced.json<{ pin: object }>().pin)).toEqual(['id', 'board', 'images']);
  });
});

describe('__proto__ in the query string', () => {
  it('neither pollutes prototypes nor changes the answer', async () => {
    const answer = await httpGet(`${fixture.library.url}/v3/pins/7?fields=board&__proto__[polluted]=1&constructor[prototype][polluted]=1`);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ pin: { id: '7', board: { id: '1', name: 'Board 1', pinCount: 8 } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
