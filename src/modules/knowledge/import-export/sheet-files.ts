import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

/** Reads and writes the rows of one sheet as CSV (UTF-8, with or without BOM) or XLSX (first sheet). */
export type SheetFormat = 'csv' | 'xlsx';

export class SheetReadError extends Error {}

export async function readSheet(format: SheetFormat, data: Buffer): Promise<string[][]> {
  if (format === 'csv') {
    try {
      return parse(data, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (err) {
      throw new SheetReadError(`CSV: ${(err as Error).message}`);
    }
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (err) {
    throw new SheetReadError(`XLSX: ${(err as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetReadError('XLSX: no worksheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) values.push(cellText(row.getCell(c).value));
    if (values.some((v) => v.trim())) rows.push(values);
  });
  return rows;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

export async function writeSheet(format: SheetFormat, header: string[], rows: string[][]): Promise<Buffer> {
  if (format === 'csv') return Buffer.from('\uFEFF' + stringify([header, ...rows]), 'utf8');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('知识条目');
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  sheet.columns.forEach((c) => (c.width = 24));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
