/** Where the CLI writes and reads. Commands use `cliIo()` instead of `process.stdout` directly, so a
 *  test can run `main(argv)` in-process with the output captured (`captureCliIo`). */

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The whole of standard input as text (for `--config -`). */
  readStdin(): Promise<string>;
  /** True when stderr is an interactive terminal: progress then redraws one line instead of logging. */
  readonly errIsTTY: boolean;
}

const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  },
  get errIsTTY() {
    return process.stderr.isTTY === true;
  },
};

let current: CliIo = processIo;

export function cliIo(): CliIo {
  return current;
}

export interface CapturedIo {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Puts the process streams back. */
  readonly restore: () => void;
}

/** Redirects the CLI's output into strings (and feeds `stdin`) until `restore()` is called. */
export function captureCliIo(options: { stdin?: string; errIsTTY?: boolean } = {}): CapturedIo {
  let out = '';
  let err = '';
  const previous = current;
  current = {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    readStdin: async () => options.stdin ?? '',
    errIsTTY: options.errIsTTY ?? false,
  };
  return { stdout: () => out, stderr: () => err, restore: () => void (current = previous) };
}
