/**
 * A to-do list of Lit web components: `<todo-app>` and one `<todo-item>` per entry, each with its own shadow
 * root and `static styles` (which Lit adopts as constructed style sheets). Changing the filter removes and
 * re-creates items, so new shadow roots adopt the shared sheets mid-session. "Clear completed" is broken.
 */
import { css, html, LitElement } from "lit";
import { repeat } from "lit/directives/repeat.js";

type Todo = { id: number; title: string; done: boolean };
type Filter = "all" | "active" | "completed";

class TodoItem extends LitElement {
  static override properties = { todo: { attribute: false } };
  static override styles = css`
    :host {
      display: block;
      border-bottom: 1px solid #e6e6e6;
      background: #fff;
    }
    li {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 14px 16px;
      font-size: 22px;
      list-style: none;
    }
    input {
      width: 26px;
      height: 26px;
      margin: 0;
      accent-color: #4d8a7e;
    }
    .done label {
      color: #949494;
      text-decoration: line-through;
    }
    button {
      margin-left: auto;
      border: 0;
      background: none;
      color: #af5b5e;
      font-size: 22px;
    }
  `;
  declare todo: Todo;

  override render() {
    return html`
      <li class=${this.todo.done ? "done" : ""}>
        <input type="checkbox" .checked=${this.todo.done} @change=${() => this.emit("todo-toggle")}>
        <label>${this.todo.title}</label>
        <button aria-label="Delete" @click=${() => this.emit("todo-destroy")}>×</button>
      </li>
    `;
  }

  private emit(name: string) {
    this.dispatchEvent(new CustomEvent(name, { detail: this.todo.id, bubbles: true, composed: true }));
  }
}

class TodoApp extends LitElement {
  static override properties = { todos: { state: true }, filter: { state: true } };
  static override styles = css`
    :host {
      display: block;
      max-width: 550px;
      margin: 40px auto;
      font: 16px/1.4 Helvetica, Arial, sans-serif;
    }
    h1 {
      text-align: center;
      font-size: 64px;
      font-weight: 200;
      color: #b83f45;
      margin: 0 0 16px;
    }
    section {
      background: #fff;
      box-shadow: 0 2px 4px rgb(0 0 0 / 20%), 0 25px 50px rgb(0 0 0 / 10%);
    }
    .new-todo {
      box-sizing: border-box;
      width: 100%;
      padding: 16px 16px 16px 60px;
      font-size: 24px;
      border: 0;
      box-shadow: inset 0 -2px 1px rgb(0 0 0 / 3%);
    }
    footer {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 10px 15px;
      color: #111;
      font-size: 15px;
    }
    .filters {
      display: flex;
      gap: 4px;
      margin: 0 auto;
    }
    .filters button {
      border: 1px solid transparent;
      border-radius: 3px;
      padding: 3px 7px;
      background: none;
    }
    .filters button.selected {
      border-color: #ce4646;
    }
    ul {
      margin: 0;
      padding: 0;
    }
  `;
  declare todos: Todo[];
  declare filter: Filter;

  constructor() {
    super();
    this.todos = [];
    this.filter = "all";
    this.addEventListener("todo-toggle", (e) => {
      const id = (e as CustomEvent<number>).detail;
      this.todos = this.todos.map((t) => t.id === id ? { ...t, done: !t.done } : t);
    });
    this.addEventListener("todo-destroy", (e) => {
      this.todos = this.todos.filter((t) => t.id !== (e as CustomEvent<number>).detail);
    });
  }

  private add(event: KeyboardEvent) {
    const field = event.target as HTMLInputElement;
    if (event.key !== "Enter" || !field.value.trim()) return;
    this.todos = [...this.todos, { id: this.todos.length + 1, title: field.value.trim(), done: false }];
    field.value = "";
  }

  private clearCompleted() {
    // The bug: completed entries are plain objects, not elements.
    for (const todo of this.todos.filter((t) => t.done)) (todo as unknown as Element).remove();
  }

  override render() {
    const shown = this.todos.filter((t) =>
      this.filter === "active" ? !t.done : this.filter === "completed" ? t.done : true
    );
    const filterButton = (name: Filter, label: string) =>
      html`
        <button class=${this.filter === name ? "selected" : ""} id=${`filter-${name}`}
          @click=${() => (this.filter = name)}>${label}</button>
      `;
    return html`
      <h1>todos</h1>
      <section>
        <input class="new-todo" placeholder="What needs to be done?" @keydown=${this.add}>
        <ul>${repeat(shown, (t) => t.id, (t) => html`<todo-item .todo=${t}></todo-item>`)}</ul>
        <footer>
          <span>${this.todos.filter((t) => !t.done).length} items left</span>
          <div class="filters">
                  ${filterButton("all", "All")} ${filterButton("active", "Active")} ${filterButton(
                    "completed",
                    "Completed",
                  )}
                </div>
          <button id="clear-completed" @click=${this.clearCompleted}>Clear completed</button>
        </footer>
      </section>
    `;
  }
}

customElements.define("todo-item", TodoItem);
customElements.define("todo-app", TodoApp);
