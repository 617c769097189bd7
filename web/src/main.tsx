import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth';
import { I18nProvider, useI18n } from './i18n';
import { Shell } from './Shell';
import { AskPage } from './pages/ask/AskPage';
import { AuditPage } from './pages/AuditPage';
import { CalendarPage } from './pages/CalendarPage';
import { CentersPage } from './pages/CentersPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { UsersPage } from './pages/UsersPage';
import { BulletinPage } from './pages/knowledge/BulletinPage';
import { KnowledgePage } from './pages/knowledge/KnowledgePage';
import { LawsPage } from './pages/knowledge/LawsPage';
import { ReviewQueuePage } from './pages/knowledge/ReviewQueuePage';
import { CalculatorsPage } from './pages/calculators/CalculatorsPage';
import { ParametersPage } from './pages/calculators/ParametersPage';
import { LiveChatDeskPage } from './pages/desk/LiveChatDeskPage';
import { PhoneLinePage } from './pages/telephony/PhoneLinePage';

function Routed() {
  const { me, loading } = useAuth();
  const location = useLocation();
  // The citizens' chat page is public: no sign-in, no staff shell.
  if (location.pathname === '/ask' || location.pathname.startsWith('/ask/')) return <AskPage />;
  if (location.pathname === '/calc' || location.pathname.startsWith('/calc/')) {
    return (
      <Routes>
        <Route path="/calc/:name?" element={<CalculatorsPage publicPage />} />
      </Routes>
    );
  }
  if (loading) return null;
  if (!me) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  return (
    <Shell>
      <Routes>
        <Route path="/home" element={<HomePage />} />
        <Route path="/admin/centers" element={<CentersPage />} />
        <Route path="/admin/users" element={<UsersPage />} />
        <Route path="/admin/audit" element={<AuditPage />} />
        <Route path="/admin/calendar" element={<CalendarPage />} />
        <Route path="/kb/entries" element={<KnowledgePage />} />
        <Route path="/kb/bulletin" element={<BulletinPage />} />
        <Route path="/kb/laws" element={<LawsPage />} />
        <Route path="/kb/review-queue" element={<ReviewQueuePage />} />
        <Route path="/tools/calculators/:name?" element={<CalculatorsPage />} />
        <Route path="/desk/chats" element={<LiveChatDeskPage />} />
        <Route path="/admin/calc-parameters" element={<ParametersPage />} />
        <Route path="/phone-line/:tab?" element={<PhoneLinePage />} />
        <Route path="*" element={<Navigate to="/home" replace />} />
      </Routes>
    </Shell>
  );
}

function Localized() {
  const { lang } = useI18n();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routed />
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <Localized />
  </I18nProvider>,
);
