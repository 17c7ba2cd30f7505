/** The bearer token the benchmark's server accepts (its own module: importing the worker starts it). */
export const BENCH_TOKEN = 'bench-token-0123456789';
