// The licences of a pack's files as the user must see them before installing: name, whether
// commercial use is allowed (a non-commercial licence is said plainly), where it is stated.
import type { ModelLicence, ModelPackFile } from '../../../shared/contracts/modelsContract';

export function CommercialUseBadge({ licence }: { licence: ModelLicence }) {
  if (licence.commercialUse === 'no') {
    return (
      <span className="model-badge model-badge-noncommercial" data-testid="model-licence-noncommercial">
        Non-commercial
      </span>
    );
  }
  if (licence.commercialUse === 'unknown') {
    return <span className="model-badge model-badge-unknown">Commercial use unknown</span>;
  }
  return <span className="model-badge model-badge-ok">Commercial use allowed</span>;
}

export function ModelLicenceList({ files }: { files: readonly ModelPackFile[] }) {
  return (
    <ul className="model-licence-list" data-testid="model-licence-list">
      {files.map((file) => (
        <li key={file.id}>
          <div className="model-licence-head">
            <strong>{file.fileName}</strong>
            <CommercialUseBadge licence={file.licence} />
          </div>
          <div>{file.licence.name}</div>
          {file.licence.note ? <div className="muted">{file.licence.note}</div> : null}
          <div className="muted model-licence-source">
            <a href={file.licence.url} target="_blank" rel="noreferrer noopener">
              {file.licence.url}
            </a>{' '}
            · stated in {file.licence.source}
          </div>
        </li>
      ))}
    </ul>
  );
}
