import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

/** Vietnamese first: every label a civil servant reads. English mirrors it key for key (the type makes sure). */
const vi = {
  app: { title: 'Thi đua – Khen thưởng' },
  nav: { plans: 'Kế hoạch', inbox: 'Việc cần làm', audit: 'Kiểm tra, giám sát', skip: 'Bỏ qua đến nội dung', label: 'Điều hướng chính', signOut: 'Đăng xuất', language: 'Đổi ngôn ngữ' },
  role: { board: 'Ban Thi đua – Khen thưởng', department: 'Sở, ban, ngành', auditor: 'Thanh tra' },
  signIn: {
    intro: 'Đăng nhập theo vai trò và đơn vị của bạn.',
    demoTitle: 'Đăng nhập thử (dữ liệu mẫu)',
    role: 'Vai trò',
    unit: 'Đơn vị',
    submit: 'Đăng nhập',
    submitToken: 'Đăng nhập bằng mã',
    tokenTitle: 'Đăng nhập bằng mã truy cập',
    token: 'Mã truy cập do quản trị viên cấp',
  },
  error: {
    status: { '400': 'Thông tin chưa hợp lệ', '401': 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn', '403': 'Bạn không có quyền thực hiện việc này', '404': 'Không tìm thấy', '409': 'Không thể thực hiện lúc này', '504': 'Chưa được xác nhận: việc này có thể vẫn được ghi nhận, hãy tải lại trang để kiểm tra' },
    generic: 'Có lỗi xảy ra',
    code: 'Mã lỗi',
    network: 'Không kết nối được máy chủ',
    notConfirmed: 'Chưa được xác nhận, đang thử lại…',
  },
  action: {
    back: 'Quay lại', accept: 'Chấp thuận', return: 'Trả lại', extend: 'Gia hạn', extendAll: 'Gia hạn cho tất cả', decideNominees: 'Xét đề nghị khen thưởng',
    confer: 'Quyết định khen thưởng', launch: 'Ban hành', amend: 'Điều chỉnh', close: 'Kết thúc kế hoạch', cancel: 'Hủy kế hoạch',
  },
  decide: { reason: 'Lý do', acceptNote: 'Chấp thuận hồ sơ đơn vị đã gửi.' },
  extend: { date: 'Ngày', time: 'Giờ' },
  nominee: { approved: 'Đồng ý', returned: 'Trả lại', rejected: 'Không đồng ý', approve: 'Đồng ý', return: 'Trả lại', reject: 'Không đồng ý' },
  nominate: {
    name: 'Tên tập thể, cá nhân', award: 'Danh hiệu, hình thức khen thưởng', achievement: 'Tóm tắt thành tích', nominee: 'Đề nghị {{n}}', add: 'Thêm đề nghị',
    decidedHere: 'Thuộc thẩm quyền cấp ban hành kế hoạch xét', forwarded: 'Sẽ trình cấp trên xét',
  },
  tree: {
    caption: 'Các đơn vị thực hiện kế hoạch {{plan}}', unit: 'Đơn vị', stage: 'Giai đoạn', due: 'Hạn', flags: 'Tình trạng', actions: 'Thao tác', none: 'Không có đơn vị nào.',
    derivedPlan: 'kế hoạch {{plan}}', submitted: 'đã gửi', counts: 'Số đơn vị theo giai đoạn', units: 'Đơn vị', title: 'Các đơn vị thực hiện', onlyLate: 'Chỉ đơn vị chậm hạn',
  },
  stage: {
    'not-launched': 'Chưa ban hành', unassigned: 'Đang giao', 'derived-plan': 'Kế hoạch triển khai', registration: 'Đăng ký thi đua', 'interim-review': 'Sơ kết',
    'final-review': 'Tổng kết', nomination: 'Đề nghị khen thưởng', decision: 'Chờ quyết định', execution: 'Đang thực hiện', completed: 'Hoàn thành', closed: 'Đã kết thúc', cancelled: 'Đã hủy',
  },
  stageStatus: { pending: 'chưa mở', open: 'đang mở', submitted: 'đã gửi', returned: 'bị trả lại', accepted: 'đã chấp thuận' },
  badge: {
    overdue: 'Quá hạn', returned: 'Bị trả lại', awaitingDecision: 'Chờ xét', late: 'nộp muộn',
    overdueCount: '{{count}} quá hạn', returnedCount: '{{count}} bị trả lại', awaitingCount: '{{count}} chờ xét',
  },
  escalation: { unit: 'Đã nhắc đơn vị', head: 'Đã báo thủ trưởng', board: 'Đã báo cấp trên' },
  inbox: {
    title: 'Việc cần làm', empty: 'Không có việc nào đang chờ.', returnedBecause: 'Lý do trả lại', openPlan: 'Mở kế hoạch', resubmit: 'Gửi lại', submit: 'Thực hiện',
    ownCascade: 'Các đơn vị của bạn', send: 'Gửi',
  },
  inboxKind: { submit: 'Cần gửi', resubmit: 'Cần gửi lại', decide: 'Cần xét', overdue: 'Quá hạn' },
  plans: { title: 'Kế hoạch thi đua', new: 'Tạo kế hoạch', number: 'Số, ký hiệu', name: 'Tên kế hoạch', issuer: 'Đơn vị ban hành', issuedOn: 'Ngày ban hành', status: 'Trạng thái', alerts: 'Cần chú ý', none: 'Chưa có kế hoạch nào.' },
  planStatus: { draft: 'Dự thảo', launched: 'Đang thực hiện', closed: 'Đã kết thúc', cancelled: 'Đã hủy' },
  plan: {
    launchedOn: 'ban hành ngày', derivedDocx: 'Tải dự thảo kế hoạch triển khai của {{unit}} (DOCX)', actions: 'Thao tác với kế hoạch',
    launchNote: 'Ban hành kế hoạch: giao nhiệm vụ cho {{count}} đơn vị.', closeNote: 'Kết thúc kế hoạch: mọi nhiệm vụ ở mọi cấp đều kết thúc.', cancelNote: 'Hủy kế hoạch: mọi nhiệm vụ ở mọi cấp đều bị hủy.',
  },
  amend: { quotas: 'Số lượng khen thưởng' },
  recipientKind: { individual: 'Cá nhân', collective: 'Tập thể' },
  recipientRole: { implement: 'Thực hiện', 'report-to': 'Báo cáo', 'for-information': 'Để biết' },
  deadlineRule: { before: 'Trước ngày', 'end-of-day': 'Hết ngày', at: 'Trước giờ' },
  timeline: {
    title: 'Diễn biến', filters: 'Lọc diễn biến', unit: 'Đơn vị', type: 'Loại sự kiện', allTypes: 'Tất cả', actor: 'Người thực hiện', from: 'Từ ngày', to: 'Đến ngày',
    total: '{{count}} sự kiện', time: 'Thời gian', action: 'Nội dung', reason: 'Lý do', more: 'Xem thêm',
  },
  audit: {
    verifying: 'Đang kiểm tra tính toàn vẹn…', pass: 'Toàn vẹn: {{events}} sự kiện, {{streams}} luồng đều khớp chuỗi băm và chữ ký.', fail: 'KHÔNG toàn vẹn: {{count}} vấn đề.',
    checkpoints: '{{covered}} sự kiện đã ký xác nhận, {{uncovered}} chưa ký', lastCheckpoint: 'lần ký gần nhất', verifyAgain: 'Kiểm tra lại', bundle: 'Tải hồ sơ kiểm tra (đã ký)',
    asOfTitle: 'Tình trạng tại một thời điểm', asOfDate: 'Tại ngày', asOfNote: 'Tình trạng lúc {{at}} ({{events}} sự kiện).',
  },
  charts: { stagesOverTime: 'Số đơn vị theo giai đoạn qua thời gian', onTime: 'Tỷ lệ đúng hạn theo đơn vị', nothingDue: 'Chưa đến hạn nào.', onTimeRate: 'Đúng hạn' },
  form: {
    required: 'Bắt buộc nhập', tooLong: 'Tối đa {{max}} ký tự', report: 'Báo cáo', summary: 'Nội dung báo cáo', wrongRecipientKind: '{{award}} không dành cho loại đối tượng này',
    title: 'Danh hiệu {{n}}', recipientKind: 'Đối tượng', remove: 'Bỏ', addTitle: 'Thêm danh hiệu',
  },
  nominationError: {
    NAME_REQUIRED: 'Chưa nhập tên', ACHIEVEMENT_REQUIRED: 'Chưa tóm tắt thành tích', NOMINEE_KIND: 'Đối tượng không hợp lệ', UNKNOWN_AWARD: 'Không có hình thức khen thưởng này',
    AWARD_RECIPIENT_KIND: 'Hình thức này không dành cho loại đối tượng đã chọn', DUPLICATE_NOMINATION: 'Trùng với một đề nghị khác cùng hình thức',
    AWARD_BELOW_ISSUER_LEVEL: 'Hình thức này do cấp dưới xét, không trình lên cấp này', QUOTA_EXCEEDED: 'Vượt số lượng kế hoạch phân bổ',
  },
  derived: { numberSymbol: 'Số, ký hiệu kế hoạch triển khai', signer: 'Người ký', docx: 'Tải dự thảo (DOCX)' },
  newPlan: {
    title: 'Tạo kế hoạch từ văn bản', paste: 'Dán nội dung văn bản kế hoạch', read: 'Đọc văn bản', upload: 'hoặc chọn tệp .docx', source: 'Văn bản gốc',
    warnings: 'Cần kiểm tra ({{count}})', absent: 'Văn bản không có: {{field}}', draft: 'Dự thảo (sửa trước khi tạo)', create: 'Tạo dự thảo kế hoạch',
  },
  draft: {
    numberSymbol: 'Số, ký hiệu', issuedOn: 'Ngày ban hành', place: 'Địa danh', title: 'Tên kế hoạch', movement: 'Phong trào', signer: 'Người ký', from: 'Thời gian từ', to: 'đến',
    registration: 'Hạn đăng ký thi đua', nomination: 'Hạn đề nghị khen thưởng', finalReview: 'Hạn tổng kết', recipients: 'Nơi nhận', addRecipient: 'Thêm nơi nhận', rule: 'Cách tính hạn',
  },
};

type Dictionary<T> = { [K in keyof T]: T[K] extends string ? string : Dictionary<T[K]> };

const en: Dictionary<typeof vi> = {
  app: { title: 'Emulation and awards' },
  nav: { plans: 'Plans', inbox: 'To do', audit: 'Audit', skip: 'Skip to content', label: 'Main navigation', signOut: 'Sign out', language: 'Change language' },
  role: { board: 'Emulation and awards board', department: 'Department', auditor: 'Auditor' },
  signIn: {
    intro: 'Sign in with your role and unit.',
    demoTitle: 'Demo sign-in (sample data)',
    role: 'Role',
    unit: 'Unit',
    submit: 'Sign in',
    submitToken: 'Sign in with the token',
    tokenTitle: 'Sign in with an access token',
    token: 'Access token issued by your administrator',
  },
  error: {
    status: { '400': 'Some input is not valid', '401': 'Your session is invalid or has expired', '403': 'You may not do this', '404': 'Not found', '409': 'This cannot be done now', '504': 'Not confirmed yet: it may still be recorded; reload the page to check' },
    generic: 'Something went wrong',
    code: 'Error code',
    network: 'The server cannot be reached',
    notConfirmed: 'Not confirmed yet, retrying…',
  },
  action: {
    back: 'Back', accept: 'Accept', return: 'Return', extend: 'Extend', extendAll: 'Extend for all', decideNominees: 'Decide nominations',
    confer: 'Confer awards', launch: 'Launch', amend: 'Amend', close: 'Close the plan', cancel: 'Cancel the plan',
  },
  decide: { reason: 'Reason', acceptNote: "Accept the unit's submission." },
  extend: { date: 'Date', time: 'Time' },
  nominee: { approved: 'Approved', returned: 'Returned', rejected: 'Rejected', approve: 'Approve', return: 'Return', reject: 'Reject' },
  nominate: {
    name: 'Collective or person', award: 'Award', achievement: 'Achievements', nominee: 'Nomination {{n}}', add: 'Add a nomination',
    decidedHere: "Decided by the plan's issuer", forwarded: 'Forwarded to the level above',
  },
  tree: {
    caption: 'Units implementing plan {{plan}}', unit: 'Unit', stage: 'Stage', due: 'Due', flags: 'Status', actions: 'Actions', none: 'No units.',
    derivedPlan: 'plan {{plan}}', submitted: 'submitted', counts: 'Units per stage', units: 'Units', title: 'Implementing units', onlyLate: 'Only late units',
  },
  stage: {
    'not-launched': 'Not launched', unassigned: 'Being assigned', 'derived-plan': 'Derived plan', registration: 'Registration', 'interim-review': 'Interim review',
    'final-review': 'Final review', nomination: 'Nomination', decision: 'Awaiting decision', execution: 'Executing', completed: 'Completed', closed: 'Closed', cancelled: 'Cancelled',
  },
  stageStatus: { pending: 'not open', open: 'open', submitted: 'submitted', returned: 'returned', accepted: 'accepted' },
  badge: {
    overdue: 'Overdue', returned: 'Returned', awaitingDecision: 'Awaiting decision', late: 'late',
    overdueCount: '{{count}} overdue', returnedCount: '{{count}} returned', awaitingCount: '{{count}} awaiting decision',
  },
  escalation: { unit: 'Unit reminded', head: 'Head notified', board: 'Issuer notified' },
  inbox: {
    title: 'To do', empty: 'Nothing is waiting.', returnedBecause: 'Returned because', openPlan: 'Open the plan', resubmit: 'Resubmit', submit: 'Do it',
    ownCascade: 'Your units', send: 'Send',
  },
  inboxKind: { submit: 'To submit', resubmit: 'To resubmit', decide: 'To decide', overdue: 'Overdue' },
  plans: { title: 'Emulation plans', new: 'New plan', number: 'Number', name: 'Title', issuer: 'Issued by', issuedOn: 'Issued on', status: 'Status', alerts: 'Attention', none: 'No plans yet.' },
  planStatus: { draft: 'Draft', launched: 'Running', closed: 'Closed', cancelled: 'Cancelled' },
  plan: {
    launchedOn: 'launched on', derivedDocx: "Download {{unit}}'s derived plan (DOCX)", actions: 'Plan actions',
    launchNote: 'Launch the plan: {{count}} units get their tasks.', closeNote: 'Close the plan: every task at every level closes.', cancelNote: 'Cancel the plan: every task at every level is cancelled.',
  },
  amend: { quotas: 'Award quotas' },
  recipientKind: { individual: 'Individual', collective: 'Collective' },
  recipientRole: { implement: 'Implements', 'report-to': 'Reported to', 'for-information': 'For information' },
  deadlineRule: { before: 'Before the day', 'end-of-day': 'By the end of the day', at: 'Before the time' },
  timeline: {
    title: 'Timeline', filters: 'Filter the timeline', unit: 'Unit', type: 'Event type', allTypes: 'All', actor: 'Actor', from: 'From', to: 'To',
    total: '{{count}} events', time: 'Time', action: 'What', reason: 'Reason', more: 'More',
  },
  audit: {
    verifying: 'Verifying integrity…', pass: 'Intact: {{events}} events in {{streams}} streams match their hash chains and signatures.', fail: 'NOT intact: {{count}} problems.',
    checkpoints: '{{covered}} events under signed checkpoints, {{uncovered}} not yet signed', lastCheckpoint: 'last signed', verifyAgain: 'Verify again', bundle: 'Download the signed audit bundle',
    asOfTitle: 'The cascade as it stood', asOfDate: 'On', asOfNote: 'As it stood at {{at}} ({{events}} events).',
  },
  charts: { stagesOverTime: 'Units per stage over time', onTime: 'On-time rate per unit', nothingDue: 'Nothing has fallen due yet.', onTimeRate: 'On time' },
  form: {
    required: 'Required', tooLong: 'At most {{max}} characters', report: 'Report', summary: 'Report', wrongRecipientKind: '{{award}} is not for this kind of recipient',
    title: 'Title {{n}}', recipientKind: 'Recipient', remove: 'Remove', addTitle: 'Add a title',
  },
  nominationError: {
    NAME_REQUIRED: 'Name missing', ACHIEVEMENT_REQUIRED: 'Achievements missing', NOMINEE_KIND: 'Invalid recipient', UNKNOWN_AWARD: 'Unknown award',
    AWARD_RECIPIENT_KIND: 'This award is not for this kind of recipient', DUPLICATE_NOMINATION: 'Repeats another nomination for the same award',
    AWARD_BELOW_ISSUER_LEVEL: 'This award is decided below this level', QUOTA_EXCEEDED: "Over the plan's quota",
  },
  derived: { numberSymbol: "The derived plan's number", signer: 'Signed by', docx: 'Download the draft (DOCX)' },
  newPlan: {
    title: 'New plan from a document', paste: "Paste the plan document's text", read: 'Read the document', upload: 'or choose a .docx file', source: 'The document',
    warnings: 'To check ({{count}})', absent: 'Not in the document: {{field}}', draft: 'Draft (correct it before creating)', create: 'Create the draft plan',
  },
  draft: {
    numberSymbol: 'Number', issuedOn: 'Issued on', place: 'Place', title: 'Title', movement: 'Movement', signer: 'Signed by', from: 'From', to: 'to',
    registration: 'Registration deadline', nomination: 'Nomination deadline', finalReview: 'Final review deadline', recipients: 'Recipients', addRecipient: 'Add a recipient', rule: 'Deadline rule',
  },
};

const LANGUAGE = 'emulation.language';

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: localStorage.getItem(LANGUAGE) ?? 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
});
i18n.on('languageChanged', (language) => {
  localStorage.setItem(LANGUAGE, language);
  document.documentElement.lang = language;
});
document.documentElement.lang = i18n.language;

export default i18n;
