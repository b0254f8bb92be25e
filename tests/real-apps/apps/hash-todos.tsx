/**
 * A hash-routed to-do SPA in TodoMVC's shape, on React Router's `createHashRouter`: the filters are routes
 * (`#/`, `#/active`, `#/completed`), and "Save" posts the list to an API that is not there (404).
 */
import { type FormEvent, useState } from "react";
import { createRoot } from "react-dom/client";
import { createHashRouter, NavLink, Outlet, useLocation } from "react-router";
import { RouterProvider } from "react-router/dom";

type Todo = { id: number; title: string; done: boolean };

function TodoApp() {
  const [todos, setTodos] = useState<Todo[]>([]);
  const [saved, setSaved] = useState<string>("");
  const filter = useLocation().pathname;
  const shown = todos.filter((t) => filter === "/active" ? !t.done : filter === "/completed" ? t.done : true);
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = event.currentTarget.elements.namedItem("title") as HTMLInputElement;
    if (!field.value.trim()) return;
    setTodos((list) => [...list, { id: list.length + 1, title: field.value.trim(), done: false }]);
    field.value = "";
  };
  const save = async () => {
    const res = await fetch("/apps/hash/api/todos", { method: "POST", body: JSON.stringify(todos) });
    setSaved(res.ok ? "Saved." : `Could not save (${res.status}).`);
  };
  return (
    <section className="todoapp">
      <header>
        <h1>todos</h1>
        <form onSubmit={add}>
          <input className="new-todo" name="title" placeholder="What needs to be done?" autoComplete="off" />
        </form>
      </header>
      <ul className="todo-list">
        {shown.map((t) => (
          <li key={t.id} className={t.done ? "completed" : ""}>
            <input
              className="toggle"
              type="checkbox"
              checked={t.done}
              onChange={() =>
                setTodos((list) => list.map((x) => x.id === t.id ? { ...x, done: !x.done } : x))}
            />
            <label>{t.title}</label>
          </li>
        ))}
      </ul>
      <footer className="footer">
        <span>{todos.filter((t) => !t.done).length} items left</span>
        <ul className="filters">
          <li>
            <NavLink to="/" end>All</NavLink>
          </li>
          <li>
            <NavLink to="/active">Active</NavLink>
          </li>
          <li>
            <NavLink to="/completed">Completed</NavLink>
          </li>
        </ul>
        <button type="button" id="save" onClick={save}>Save</button>
        <span id="saved">{saved}</span>
      </footer>
      <Outlet />
    </section>
  );
}

const router = createHashRouter([
  { path: "/", element: <TodoApp />, children: [{ index: true }, { path: "active" }, { path: "completed" }] },
]);

createRoot(document.getElementById("root")!).render(<RouterProvider router={router} />);
