/**
 * Thrown by `parseCommandArguments` when a command is asked for its help (`-h`, `--help`): `runCli` prints
 * {@link HelpRequest.usage} on stdout and exits 0, so that no command handles the flag itself.
 */
export class HelpRequest extends Error {
  /** The command's usage, as the command declared it. */
  readonly usage: string;

  constructor(usage: string) {
    super('help requested');
    this.name = 'HelpRequest';
    this.usage = usage;
  }
}
