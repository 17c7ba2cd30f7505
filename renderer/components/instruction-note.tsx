import { instructionUse } from '../../shared/pipeline/instruction';
import type { Column } from '../store/columns/slice';
import { useAppStore } from '../store/context';
import { DraftField } from './draft-field';

/**
 * Whether this column uses the instruction box; a warning when the box has text this column
 * would ignore (so an instruction A/B is not run against a pipeline that cannot see it).
 */
export function InstructionNote({ column, label }: { column: Column; label: string }) {
  const { config } = column;
  const box = useAppStore((s) => s.instruction);
  const setColumnInstruction = useAppStore((s) => s.setColumnInstruction);
  const use = instructionUse(config);
  const instruction = config.instruction ?? box;
  const ignored = !use.used && instruction.trim() !== '';
  return (
    <>
      {use.used && (
        <DraftField
          title="Column instruction"
          name={`Instruction of ${label}`}
          initial={config.instruction ?? ''}
          placeholder="the Instruction box"
          hint="overrides the box for this column: duplicate a column to A/B instructions"
          onEdit={(text) => setColumnInstruction(column.id, text)}
          kept="the last valid instruction"
        />
      )}
      <p
        className={ignored ? 'inline-note instruction-note ignored' : 'hint instruction-note'}
        aria-label={`Instruction use of ${label}`}
      >
        {ignored ? 'Instruction ignored: ' : use.used ? 'Instruction used: ' : 'Instruction: '}
        {use.note}
      </p>
    </>
  );
}
