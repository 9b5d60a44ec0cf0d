/** A fenced code block of a Markdown page, with the heading it sits under. */
export interface CodeBlock {
  readonly heading: string;
  readonly language: string;
  readonly code: string;
}

/** The fenced code blocks of a Markdown page, in order. */
export function markdownCodeBlocks(markdown: string): readonly CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let heading = '';
  let open: { language: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (open !== undefined) {
      if (line.startsWith('```')) {
        blocks.push({ heading, language: open.language, code: `${open.lines.join('\n')}\n` });
        open = undefined;
      } else {
        open.lines.push(line);
      }
    } else if (line.startsWith('```')) {
      open = { language: line.slice(3).trim(), lines: [] };
    } else if (line.startsWith('#')) {
      heading = line.replace(/^#+\s*/, '');
    }
  }
  return blocks;
}

/** The `##`/`###` headings of a Markdown page. */
export function markdownHeadings(markdown: string): readonly string[] {
  return markdown
    .split('\n')
    .filter((line) => /^#{2,3} /.test(line))
    .map((line) => line.replace(/^#+\s*/, ''));
}
