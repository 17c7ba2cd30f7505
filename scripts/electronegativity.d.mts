/** Types of scripts/electronegativity.mjs, for its test. */
export interface ElectronFinding {
  id: string;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
  /** MEDIUM or HIGH: the findings `npm test` fails on unless reviewed. */
  serious: boolean;
  file: string;
  line: number;
}

export function scanElectron(
  input: string,
  electronVersion: string,
): Promise<{ checks: number; findings: ElectronFinding[] }>;
