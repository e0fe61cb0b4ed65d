// Preloaded into a benchmarked child (`node --import bench/lib/peak-rss.mjs dist/index.js`): on exit it
// writes the process's own peak resident set size (bytes) and CPU time (ms) to $BENCH_PEAK_RSS_FILE as
// JSON. getrusage's ru_maxrss is the kernel's high-water mark, so no sampling can miss the peak; CPU
// time shows how much of a wall time was other work on the machine. Plain JavaScript, not TypeScript:
// a .ts preload would load Node's type stripper (WebAssembly) into the measured process, ~300 ms and
// tens of MB that the action itself never pays.
import { writeFileSync } from 'node:fs';

const file = process.env['BENCH_PEAK_RSS_FILE'];
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ peakRssBytes: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  });
}
