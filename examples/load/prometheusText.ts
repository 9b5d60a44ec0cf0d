/** One sample of a Prometheus text exposition: `name{label="value",…} value`. */
export interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * Parses the Prometheus text format (what `GET /metrics` answers) into samples; `# HELP` and `# TYPE`
 * lines are skipped, label values are unescaped (`\\`, `\"`, `\n`).
 * @throws Error naming the line when a sample line is malformed.
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '' || line.startsWith('#')) continue;
    const sample = parseLine(line);
    if (sample === undefined) throw new Error(`metrics line ${index + 1} is not a sample: ${line.slice(0, 120)}`);
    samples.push(sample);
  }
  return samples;
}

/** The sum of the samples named `name` whose labels include every label of `match`. */
export function sumSamples(samples: readonly PrometheusSample[], name: string, match: Readonly<Record<string, string>> = {}): number {
  let sum = 0;
  for (const sample of samples) if (sample.name === name && matches(sample, match)) sum += sample.value;
  return sum;
}

/** Whether `sample` has every label of `match`. */
export function matches(sample: PrometheusSample, match: Readonly<Record<string, string>>): boolean {
  return Object.entries(match).every(([label, value]) => sample.labels[label] === value);
}

function parseLine(line: string): PrometheusSample | undefined {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
  if (name === undefined) return undefined;
  let position = name.length;
  const labels: Record<string, string> = {};
  if (line[position] === '{') {
    position++;
    while (line[position] !== '}') {
      const label = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(position));
      if (label === null) return undefined;
      position += label[0].length;
      let value = '';
      while (position < line.length && line[position] !== '"') {
        if (line[position] === '\\') {
          const escaped = line[position + 1];
          value += escaped === 'n' ? '\n' : (escaped ?? '');
          position += 2;
        } else {
          value += line[position];
          position++;
        }
      }
      if (position >= line.length) return undefined;
      labels[label[1] as string] = value;
      position++;
      if (line[position] === ',') position++;
      else if (line[position] !== '}') return undefined;
    }
    position++;
  }
  const [rawValue] = line.slice(position).trim().split(/\s+/);
  const value = rawValue === '+Inf' ? Infinity : rawValue === '-Inf' ? -Infinity : Number(rawValue);
  if (rawValue === undefined || rawValue === '' || (Number.isNaN(value) && rawValue !== 'NaN')) return undefined;
  return { name, labels, value };
}
