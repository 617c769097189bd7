import type { TImportReport } from '@shared/api/index.js';
import { Alert, App, Button, Checkbox, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useKbText } from './text';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Bulk import: pick a CSV or XLSX file, check it (dry run) or import it, and read the row-by-row report. */
export function ImportDialog({ canPublish, onClose, onImported }: { canPublish: boolean; onClose(): void; onImported(): void }) {
  const { k, lang } = useKbText();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [publish, setPublish] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<TImportReport | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    const format = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
    setBusy(true);
    try {
      const res = await fetch(`/api/v1/kb/import?format=${format}&dryRun=${dryRun}&publish=${publish}`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': format === 'csv' ? 'text/csv' : XLSX },
        body: await file.arrayBuffer(),
      });
      const body = await res.json();
      if (!res.ok) {
        message.error(lang === 'en' ? body.error?.messageEn : body.error?.message);
        return;
      }
      setReport(body);
      if (body.imported) onImported();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open width={820} title={k('import')} onCancel={onClose} footer={null} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">
          {lang === 'en'
            ? 'CSV or XLSX with the export layout. Every row is checked first; the file is imported whole or not at all. Re-importing the same file changes nothing.'
            : 'CSV 或 XLSX,格式与导出文件相同。先逐行检查,全部通过才导入,否则一条也不导入;同一文件重复导入不会产生重复条目。'}
        </Typography.Paragraph>
        <Upload accept=".csv,.xlsx" maxCount={1} beforeUpload={(f) => (setFile(f), setReport(null), false)} onRemove={() => setFile(null)}>
          <Button data-testid="kb-import-file">{lang === 'en' ? 'Choose file' : '选择文件'}</Button>
        </Upload>
        {canPublish && (
          <Checkbox checked={publish} onChange={(e) => setPublish(e.target.checked)}>
            {lang === 'en' ? 'Publish at once (migrating an existing, reviewed base)' : '导入后直接发布(用于迁移已审核的原有知识库)'}
          </Checkbox>
        )}
        <Space>
          <Button disabled={!file} loading={busy} onClick={() => void run(true)}>{lang === 'en' ? 'Check only' : '只检查'}</Button>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void run(false)} data-testid="kb-import-run">{k('import')}</Button>
        </Space>
        {report && (
          <>
            <Alert
              data-testid="kb-import-report"
              type={report.errors.length ? 'error' : 'success'}
              message={
                report.errors.length
                  ? `${lang === 'en' ? 'Nothing imported' : '未导入'}: ${report.errors.length} ${lang === 'en' ? 'problems' : '处错误'}`
                  : report.imported
                    ? `${lang === 'en' ? 'Imported' : '已导入'} ${report.rows}: ${lang === 'en' ? 'new' : '新增'} ${report.created}, ${lang === 'en' ? 'changed' : '更新'} ${report.updated}, ${lang === 'en' ? 'unchanged' : '无变化'} ${report.unchanged}`
                    : `${lang === 'en' ? 'Check passed' : '检查通过'}: ${report.rows}`
              }
            />
            {report.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
                dataSource={report.errors}
                pagination={{ pageSize: 20 }}
                columns={[
                  { title: lang === 'en' ? 'Row' : '行', dataIndex: 'row', width: 60 },
                  { title: lang === 'en' ? 'Column' : '列', dataIndex: 'column', width: 110 },
                  { title: lang === 'en' ? 'Problem' : '问题', dataIndex: 'message' },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
