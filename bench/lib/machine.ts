import { cpus, platform, release, totalmem } from 'node:os';

/** One line saying where figures were measured, since they mean little without it. */
export function machineLine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim().replace(/\s+/g, ' ') ?? 'unknown cpu';
  const ram = (totalmem() / 2 ** 30).toFixed(1);
  return `machine: ${model}, ${cores.length} cores, ${ram} GiB RAM, node ${process.version}, ${platform()} ${release()}`;
}
