export const summary = 'integrate one particle system from a JSON config (not implemented yet)';
export async function run(_argv: string[]): Promise<number> {
  throw new Error('mft simulate is not implemented yet');
}
