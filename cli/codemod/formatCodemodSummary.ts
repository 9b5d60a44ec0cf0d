import path from 'node:path';
import type { CodeownersProblem } from '../codeowners/CodeownersRule.js';
import type { CodemodPlan, TodoItem } from './CodemodPlan.js';
import { TODO_MARKER } from './todoMarker.js';

/** What the listing adds to a TODO, by the state of its marker. */
const MARKER_NOTES: Readonly<Record<TodoItem['marker'], string>> = {
  written: '',
  existing: ' (marked by an earlier run)',
};

/** What the summary says besides the plan. */
export interface CodemodSummaryContext {
  readonly cwd: string;
  /** The files written (`--write`), which may be fewer than the plan's changes; `undefined` for a dry run. */
  readonly written: readonly string[] | undefined;
  /** The CODEOWNERS file given, relative to `cwd`, and its unusable lines. */
  readonly codeowners: { readonly file: string; readonly problems: readonly CodeownersProblem[] } | undefined;
}

/**
 * The tiers of the loaders it wraps: the optional ones get the default, tier 2 (no `tier` is written, so nothing
 * changes until brownout is configured), those kept critical tier 1, which brownout never sheds.
 */
function tierLine(plan: CodemodPlan): string {
  const optional = plan.wrapped - plan.wrappedCritical;
  const parts = [
    ...(optional === 0 ? [] : [`${optional} optional at tier 2 (the default, not written; a brownout may shed ${optional === 1 ? 'it' : 'them'}: add tier: 3 where a field may go first)`]),
    ...(plan.wrappedCritical === 0 ? [] : [`${plan.wrappedCritical} kept critical at tier 1 (never shed)`]),
  ];
  return `Tiers: ${parts.join('; ')}.`;
}

/**
 * The codemod's summary, for people: CODEOWNERS lines and files it skipped, how many loaders it wraps and at which tier, what the
 * type-check of the changes found ("0 new type errors", or the list), the loaders it kept critical for review
 * (writes, access and routing gates) with the reason, then every TODO marker with its place
 * (in the files as the codemod leaves them) and reason.
 */
export function formatCodemodSummary(plan: CodemodPlan, context: CodemodSummaryContext): string {
  const relative = (file: string): string => path.relative(context.cwd, file).split(path.sep).join('/');
  const lines: string[] = [];
  for (const problem of context.codeowners?.problems ?? []) {
    lines.push(`${context.codeowners?.file ?? 'CODEOWNERS'}:${problem.line}: ${problem.message}; line skipped`);
  }
  for (const file of plan.skipped) {
    lines.push(`${relative(file.fileName)}:${file.line}:${file.column}: does not parse (${file.message}); skipped, nothing written to it`);
  }
  const files = `${plan.changes.length} ${plan.changes.length === 1 ? 'file' : 'files'}`;
  const loaders = `${plan.wrapped} ${plan.wrapped === 1 ? 'loader' : 'loaders'}`;
  const marked = plan.todos.filter((todo) => todo.marker === 'written').length;
  const written = context.written?.length;
  if (plan.changes.length === 0) lines.push('Nothing to change.');
  else if (written === plan.changes.length) lines.push(`Wrapped ${loaders}${marked === 0 ? '' : ` and marked ${marked} TODO`}: ${files} written.`);
  else if (written !== undefined) {
    lines.push(`Planned to wrap ${loaders}${marked === 0 ? '' : ` and mark ${marked} TODO`} in ${files}: ${written} written, ${plan.changes.length - written} not written (listed above).`);
  }
  else lines.push(`Would wrap ${loaders}${marked === 0 ? '' : ` and mark ${marked} TODO`}, changing ${files} (dry run: nothing written; --write applies the diff).`);
  if (plan.wrapped > 0 && plan.changes.length > 0) lines.push(tierLine(plan));
  const typeCheck = plan.typeCheck;
  if (typeCheck?.unchecked !== undefined && plan.changes.length > 0) {
    lines.push(`Not type-checked: ${typeCheck.unchecked}.`);
  } else if (typeCheck !== undefined && plan.changes.length > 0) {
    const errors = typeCheck.newErrors.length;
    const refused = typeCheck.refused === 0 ? '' : `; ${typeCheck.refused} ${typeCheck.refused === 1 ? 'wrapper' : 'wrappers'} that would not compile left as TODO markers`;
    lines.push(`Type-checked in the project's program: ${errors === 0 ? '0 new type errors' : `${errors} new type ${errors === 1 ? 'error' : 'errors'}`}${refused}.`);
    if (errors > 0) {
      lines.push('', `New type errors (${errors}), which the changes add outside any wrapper they could be blamed on:`);
      for (const error of typeCheck.newErrors) lines.push(`  ${relative(error.fileName)}:${error.line}:${error.column}  ${error.code} ${error.message}`);
    }
  }
  // with --write, a file the codemod did not write holds none of the comments listed below
  const unwritten = (file: string): string => (context.written === undefined || context.written.includes(file) ? '' : ' (not written: its file was not written)');
  if (plan.reviews.length > 0) {
    lines.push(
      '',
      `Kept critical (${plan.reviews.length}): loaders that write, or decide access, identity, membership, tenancy, billing or routing, are wrapped critical: true (tier 1), so their failures still propagate; review each before making it degrade:`,
    );
    for (const review of plan.reviews) lines.push(`  ${relative(review.fileName)}:${review.line}  ${review.loader}: ${review.message}${unwritten(review.fileName)}`);
  }
  if (plan.todos.length > 0) {
    lines.push('', `${TODO_MARKER} markers (${plan.todos.length}), loaders left unwrapped for a person to decide:`);
    for (const todo of plan.todos) {
      lines.push(`  ${relative(todo.fileName)}:${todo.line}  ${todo.loader}: ${todo.message}${MARKER_NOTES[todo.marker]}${todo.marker === 'written' ? unwritten(todo.fileName) : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
