// The quiz bank (province admins): list, add, edit and retire questions
// through /admin/api/quiz.  The server checks every field again.
import { api, el, query, showError, startPage } from './common.js';

const LETTERS = ['A', 'B', 'C', 'D'];
const filters = document.getElementById('filters');
const editor = document.getElementById('editor');
const error = document.getElementById('error');
const tbody = document.querySelector('#quiz-table tbody');
const save = document.getElementById('save');
const cancel = document.getElementById('cancel');
let names = [];

const checkpointLabel = (no) => `第 ${no} 关${names[no - 1] ? ` ${names[no - 1]}` : ''}`;

function startEdit(q) {
  editor.id.value = q.id;
  editor.checkpoint.value = q.checkpoint;
  editor.text.value = q.text;
  ['a', 'b', 'c', 'd'].forEach((k, i) => { editor[k].value = q.options[i]; });
  editor.answer.value = q.answer;
  save.textContent = `保存第 ${q.id} 题`;
  cancel.hidden = false;
  editor.text.focus();
}

function resetEditor() {
  editor.reset();
  editor.id.value = '';
  save.textContent = '新增题目';
  cancel.hidden = true;
}

async function retire(q) {
  error.textContent = '';
  try {
    await api(`quiz/${q.id}/retire`, { method: 'POST' });
    await load();
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

function row(q) {
  return el('tr', { dataset: { id: q.id } },
    el('td', { class: 'num', text: q.id }),
    el('td', { text: checkpointLabel(q.checkpoint) }),
    el('td', { class: 'question-text', text: q.text }),
    q.options.map((o) => el('td', { text: o })),
    el('td', { class: 'answer', text: LETTERS[q.answer] }),
    el('td', {}, q.retired ? el('span', { class: 'badge', text: '已停用' }) : el('span', { class: 'badge ok', text: '使用中' })),
    el('td', {}, q.retired ? '—' : [
      el('button', { type: 'button', class: 'secondary edit', text: '修改', onclick: () => startEdit(q) }), ' ',
      el('button', { type: 'button', class: 'secondary retire', text: '停用', onclick: () => retire(q) })]));
}

async function load() {
  try {
    const page = await api(`quiz${query({ checkpoint: filters.checkpoint.value, retired: filters.retired.value })}`);
    tbody.replaceChildren(...page.items.map(row));
    if (page.items.length === 0) tbody.append(el('tr', {}, el('td', { colspan: 10, class: 'empty', text: '没有题目' })));
    document.body.dataset.ready = '1';
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function submit(event) {
  event.preventDefault();
  error.textContent = '';
  const body = {
    checkpoint: Number(editor.checkpoint.value),
    text: editor.text.value.trim(),
    options: ['a', 'b', 'c', 'd'].map((k) => editor[k].value.trim()),
    answer: Number(editor.answer.value),
  };
  try {
    const id = editor.id.value;
    await api(id ? `quiz/${id}` : 'quiz', { method: id ? 'PUT' : 'POST', body });
    resetEditor();
    await load();
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function main() {
  try {
    const session = await startPage('quiz.html');
    if (session.role !== 'province') {
      error.textContent = '题库仅省总工会管理员可以管理';
      filters.hidden = editor.hidden = true;
      return;
    }
  } catch (e) {
    if (e.status !== 401) showError(error, e);
    return;
  }
  const activities = await fetch('/api/activities').then((r) => r.json());
  const newest = activities.reduce((a, b) => (b.id > a.id ? b : a), activities[0]);
  if (newest) {
    const detail = await fetch(`/api/activities/${newest.id}`).then((r) => r.json());
    names = (detail.checkpoints || []).map((c) => c.name);
  }
  const options = () => names.map((_, i) => el('option', { value: i + 1, text: checkpointLabel(i + 1) }));
  filters.checkpoint.append(...options());
  editor.checkpoint.append(...options());
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  editor.addEventListener('submit', submit);
  cancel.addEventListener('click', resetEditor);
  load();
}

main();
