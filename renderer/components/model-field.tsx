import type { Column } from '../store/columns/slice';
import { useAppStore } from '../store/context';
import { DraftField } from './draft-field';

/** A column's model: any id, with the backend's known models as suggestions. */
export function ModelField(props: {
  column: Column;
  label: string;
  defaultModel: string | undefined;
  models: readonly string[];
}) {
  const { column, label, defaultModel, models } = props;
  const setColumnModel = useAppStore((s) => s.setColumnModel);
  const listId = `${column.id}-models`;
  return (
    <>
      <DraftField
        title="Model"
        name={`Model for ${label}`}
        initial={column.config.model ?? ''}
        placeholder={defaultModel ?? 'model id'}
        list={listId}
        onEdit={(text) => setColumnModel(column.id, text)}
        kept={column.config.model ?? defaultModel ?? 'no model'}
      />
      <datalist id={listId}>
        {models.map((model) => (
          <option key={model} value={model} />
        ))}
      </datalist>
    </>
  );
}
