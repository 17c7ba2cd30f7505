import type { PipelineConfig } from '../../shared/pipeline/config';
import { instructionUse } from '../../shared/pipeline/instruction';
import { useAppStore } from '../store/context';

/**
 * Whether this column uses the instruction box; a warning when the box has text this column
 * would ignore (so an instruction A/B is not run against a pipeline that cannot see it).
 */
export function InstructionNote({ config, label }: { config: PipelineConfig; label: string }) {
  const instruction = useAppStore((s) => s.instruction);
  const use = instructionUse(config);
  const ignored = !use.used && instruction.trim() !== '';
  return (
    <p
      className={ignored ? 'inline-note instruction-note ignored' : 'hint instruction-note'}
      aria-label={`Instruction use of ${label}`}
    >
      {ignored ? 'Instruction ignored: ' : use.used ? 'Instruction used: ' : 'Instruction: '}
      {use.note}
    </p>
  );
}
