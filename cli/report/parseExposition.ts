/** One sample of a Prometheus exposition: `name{label="value",…} value`. */
export interface ExpositionSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The text is not a Prometheus exposition; `line` is the 1-based line that could not be read. */
export class ExpositionSyntaxError extends Error {
  readonly line: number;

  constructor(line: number, text: string) {
    super(`line ${line} is not a metric sample: ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}`);
    this.name = 'ExpositionSyntaxError';
    this.line = line;
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[ \t]*([a-zA-Z_][a-zA-Z0-9_]*)[ \t]*=[ \t]*"/;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', '\\': '\\', '"': '"' };

/**
 * Reads the Prometheus text format 0.0.4 (and the OpenMetrics text that prom-client can also serve):
 * comments, `# HELP`, `# TYPE` and `# EOF` are skipped; label values are unescaped; a timestamp or an
 * OpenMetrics exemplar after the value is ignored.
 * @throws ExpositionSyntaxError naming the first line that is neither a comment nor a sample.
 */
export function parseExposition(text: string): ExpositionSample[] {
  const samples: ExpositionSample[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) return;
    const sample = parseSample(line);
    if (sample === undefined) throw new ExpositionSyntaxError(index + 1, line);
    samples.push(sample);
  });
  return samples;
}

function parseSample(line: string): ExpositionSample | undefined {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) return undefined;
  let position = name.length;
  const labels: Record<string, string> = {};
  if (line[position] === '{') {
    position++;
    for (;;) {
      const rest = line.slice(position);
      const close = /^[ \t]*\}/.exec(rest);
      if (close !== null) {
        position += close[0].length;
        break;
      }
      const label = LABEL.exec(rest);
      if (label === null) return undefined;
      position += label[0].length;
      let value = '';
      for (; position < line.length && line[position] !== '"'; position++) {
        if (line[position] !== '\\') {
          value += line[position];
          continue;
        }
        const escaped = ESCAPES[line[++position] ?? ''];
        if (escaped === undefined) return undefined;
        value += escaped;
      }
      if (position >= line.length) return undefined;
      labels[label[1] as string] = value;
      position++;
      const separator = /^[ \t]*,?/.exec(line.slice(position));
      position += separator?.[0].length ?? 0;
    }
  }
  const [rawValue, timestamp, ...more] = (line.slice(position).split(' # ')[0] ?? '').trim().split(/[ \t]+/);
  if (more.length > 0 || (timestamp !== undefined && !/^-?\d+(?:\.\d+)?$/.test(timestamp))) return undefined;
  const value = parseValue(rawValue ?? '');
  return value === undefined ? undefined : { name, labels, value };
}

function parseValue(text: string): number | undefined {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}
