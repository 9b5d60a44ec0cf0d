import { describe, expect, it } from 'vitest';
import { toYaml } from '../../cli/slo/toYaml.js';

describe('toYaml', () => {
  it('writes nested maps and lists in block style, lists indented under their key', () => {
    expect(toYaml({ groups: [{ name: 'a', rules: [{ record: 'x', expr: 'up' }] }], empty: [], none: {} })).toBe(
      ['groups:', '  - name: a', '    rules:', '      - record: x', '        expr: up', 'empty: []', 'none: {}', ''].join('\n'),
    );
  });

  it('keeps strings plain only when YAML would read them back as the same string', () => {
    expect(toYaml({ a: 'sum by (owner) (rate(x{a="b"}[5m]))', b: 'owner:x:ratio_rate5m', c: 'field-dependency.alerts' })).toBe(
      ['a: sum by (owner) (rate(x{a="b"}[5m]))', 'b: owner:x:ratio_rate5m', 'c: field-dependency.alerts', ''].join('\n'),
    );
  });

  it.each([
    ['a number', '99.5', '"99.5"'],
    ['a duration starting with a digit', '30d', '"30d"'],
    ['a boolean word', 'yes', '"yes"'],
    ['null', 'null', '"null"'],
    ['a template', '{{ $labels.owner }}', '"{{ $labels.owner }}"'],
    ['a colon and a space', 'Open means: open', '"Open means: open"'],
    ['a comment marker', 'a #b', '"a #b"'],
    ['a trailing colon', 'key:', '"key:"'],
    ['a quote first', '"x"', '"\\"x\\""'],
    ['the empty string', '', '""'],
    ['a dash first', '- item', '"- item"'],
    ['a tab', 'a\tb', '"a\\tb"'],
  ])('quotes %s as a JSON string', (_case, value, written) => {
    expect(toYaml({ key: value })).toBe(`key: ${written}\n`);
  });

  it('writes numbers, booleans and null as YAML scalars', () => {
    expect(toYaml({ objective: 99.5, enabled: true, none: null })).toBe('objective: 99.5\nenabled: true\nnone: null\n');
  });

  it('writes multi-line strings as |- literal blocks, indented under their key', () => {
    expect(toYaml([{ expr: 'a\n/\nb' }])).toBe('- expr: |-\n    a\n    /\n    b\n');
  });

  it('falls back to a JSON string when a literal block would change the text', () => {
    expect(toYaml({ a: ' leading\nspace', b: 'trailing \nspace', c: 'ends\n' })).toBe('a: " leading\\nspace"\nb: "trailing \\nspace"\nc: "ends\\n"\n');
  });
});
