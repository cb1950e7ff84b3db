import { cleanFileName, contentDisposition, filesRefusal, formatSize, quotaRefusal, servedInline } from "./rules";
import { isPlainText, pdfHasActiveContent } from "./inspect.server";

const file = (over: Partial<Parameters<typeof filesRefusal>[0][number]> = {}) => ({
  fileName: "a.pdf",
  size: 10,
  truncated: false,
  mediaType: "application/pdf",
  ...over,
});

test("sizes read as people read them", () => {
  expect([formatSize(1), formatSize(999), formatSize(1_000), formatSize(830_400), formatSize(10_000_000), formatSize(1_250_000)]).toEqual([
    "1 byte",
    "999 bytes",
    "1 KB",
    "830 KB",
    "10 MB",
    "1.3 MB",
  ]);
});

test("files are refused for their number, their size, emptiness or a type their bytes do not have", () => {
  const limits = { maxBytes: 100 };
  expect(filesRefusal([file(), file()], 0, limits)).toBeNull();
  expect(
    filesRefusal(
      Array.from({ length: 5 }, () => file()),
      1,
      limits,
    ),
  ).toMatch(/^A comment can carry at most 5 files; you chose 6\./);
  expect(
    filesRefusal(
      Array.from({ length: 6 }, () => file()),
      0,
      limits,
      "The statement",
    ),
  ).toMatch(/^The statement can carry at most 5 files; you chose 6\./);
  expect(filesRefusal([file({ size: 101 })], 0, limits)).toMatch(/^“a.pdf” is larger than 100 bytes/);
  expect(filesRefusal([file({ size: 50, truncated: true })], 0, limits)).toMatch(/is larger than/);
  expect(filesRefusal([file({ size: 0 })], 0, limits)).toBe("“a.pdf” is empty. Choose the file again.");
  expect(filesRefusal([file({ mediaType: null, fileName: "../../x.pdf" })], 0, limits)).toMatch(/^“x.pdf” is not a file type we accept/);
  expect(filesRefusal([file({ mediaType: "image/gif" })], 0, limits)).toMatch(/is not a file type we accept/);
});

test("the quotas count today's files of the person and the consultation's bytes", () => {
  const limits = { perUserPerDay: 3, perConsultationBytes: 1000 };
  expect(quotaRefusal({ userToday: 1, consultationBytes: 0 }, { files: 2, bytes: 10 }, limits)).toBeNull();
  expect(quotaRefusal({ userToday: 3, consultationBytes: 0 }, { files: 1, bytes: 10 }, limits)).toMatch(/none is left for today/);
  expect(quotaRefusal({ userToday: 0, consultationBytes: 995 }, { files: 1, bytes: 10 }, limits)).toMatch(/has reached the 1 KB/);
});

test("only PDFs without active content and images are shown inline", () => {
  expect(servedInline({ mediaType: "application/pdf", activeContent: false })).toBe(true);
  expect(servedInline({ mediaType: "application/pdf", activeContent: true })).toBe(false);
  expect(servedInline({ mediaType: "image/png", activeContent: false })).toBe(true);
  expect(servedInline({ mediaType: "text/plain", activeContent: false })).toBe(false);
  expect(servedInline({ mediaType: "application/vnd.oasis.opendocument.text", activeContent: false })).toBe(false);
});

test("file names lose their path and control characters; the header has an ASCII name and the UTF-8 one", () => {
  expect(cleanFileName("C:\\Users\\me\\Letter.pdf")).toBe("Letter.pdf");
  expect(cleanFileName('a"\r\nb.txt')).toBe("ab.txt");
  expect(cleanFileName("   ")).toBe("attachment");
  expect(contentDisposition("inline", "Ålesund brev.pdf")).toBe(`inline; filename="_lesund brev.pdf"; filename*=UTF-8''%C3%85lesund%20brev.pdf`);
});

test("PDF scripts and actions are found, also when their names are spelt with #xx escapes", () => {
  expect(pdfHasActiveContent(Buffer.from("1 0 obj << /S /JavaScript /JS (x) >>"))).toBe(true);
  expect(pdfHasActiveContent(Buffer.from("1 0 obj << /S /J#61vaScript >>"))).toBe(true);
  expect(pdfHasActiveContent(Buffer.from("<< /Type /Catalog /OpenAction 3 0 R >>"))).toBe(true);
  expect(pdfHasActiveContent(Buffer.from("<< /Type /Page /JSONish 1 >> /Contents (JavaScript in prose)"))).toBe(false);
});

test("text is valid UTF-8 without control characters", () => {
  expect(isPlainText(Buffer.from("Dear IFM,\n\tThank you. Łódź\r\n"))).toBe(true);
  expect(isPlainText(Buffer.from([0xff, 0xfe, 0x41]))).toBe(false);
  expect(isPlainText(Buffer.from("abc\u0000def"))).toBe(false);
});
