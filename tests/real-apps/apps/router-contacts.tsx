/**
 * React Router's data APIs, in the idiom of its contacts tutorial: `createBrowserRouter` with loaders that
 * fetch the app's own data file, actions behind `<Form method="post">` that redirect, a search `<Form>` whose
 * input the page sets from a script, and a `fetcher.Form` that toggles a favourite without navigating.
 */
import { useEffect } from "react";
import { createRoot } from "react-dom/client";
import {
  createBrowserRouter,
  Form,
  type LoaderFunctionArgs,
  NavLink,
  Outlet,
  redirect,
  useFetcher,
  useLoaderData,
  useNavigate,
  useNavigation,
  useRouteError,
  useSubmit,
} from "react-router";
import { RouterProvider } from "react-router/dom";

type Contact = { id: string; first: string; last: string; handle: string; notes: string; favorite: boolean };

const BASE = "/apps/router";
let contacts: Contact[] | null = null;

async function allContacts(): Promise<Contact[]> {
  if (contacts) return contacts;
  const res = await fetch(`${BASE}/data/contacts.json`);
  if (!res.ok) throw new Response("The contacts could not be loaded.", { status: res.status });
  contacts = (await res.json()) as Contact[];
  return contacts;
}

async function contactById(id: string | undefined): Promise<Contact> {
  const contact = (await allContacts()).find((c) => c.id === id);
  if (!contact) throw new Response("No such contact.", { status: 404 });
  return contact;
}

async function rootLoader({ request }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const list = (await allContacts()).filter((c) =>
    `${c.first} ${c.last}`.toLowerCase().includes(q.toLowerCase())
  );
  return { contacts: list, q };
}

async function createAction() {
  const contact: Contact = {
    id: `c${Date.now()}`,
    first: "",
    last: "",
    handle: "",
    notes: "",
    favorite: false,
  };
  (await allContacts()).unshift(contact);
  return redirect(`/contacts/${contact.id}/edit`);
}

function Root() {
  const { contacts, q } = useLoaderData<typeof rootLoader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  // The tutorial's way of keeping the field in step with the URL on back/forward: a script sets its value.
  useEffect(() => {
    const field = document.getElementById("q");
    if (field instanceof HTMLInputElement) field.value = q;
  }, [q]);
  return (
    <>
      <div id="sidebar">
        <h1>Contacts</h1>
        <div>
          <Form id="search-form" role="search">
            <input
              id="q"
              aria-label="Search contacts"
              placeholder="Search"
              type="search"
              name="q"
              defaultValue={q}
              onChange={(event) => submit(event.currentTarget.form, { replace: true })}
            />
          </Form>
          <Form method="post">
            <button type="submit" id="new">New</button>
          </Form>
        </div>
        <nav>
          <ul>
            {contacts.map((c) => (
              <li key={c.id}>
                <NavLink to={`contacts/${c.id}`}>
                  {c.first || c.last ? `${c.first} ${c.last}` : <i>No name</i>} {c.favorite && <span>★</span>}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <div id="detail" className={navigation.state === "loading" ? "loading" : ""}>
        <Outlet />
      </div>
    </>
  );
}

function ErrorPage() {
  const error = useRouteError();
  const message = error instanceof Response ? `${error.status} ${error.statusText}` : String(error);
  return (
    <div id="error-page">
      <h1>Oops!</h1>
      <p>Sorry, an unexpected error has occurred: {message}</p>
      <button type="button" id="retry" onClick={() => location.reload()}>Try again</button>
    </div>
  );
}

function Index() {
  return <p id="zero-state">Pick a contact on the left, or create a new one.</p>;
}

function Favorite({ contact }: { contact: Contact }) {
  const fetcher = useFetcher();
  const favorite = fetcher.formData ? fetcher.formData.get("favorite") === "true" : contact.favorite;
  return (
    <fetcher.Form method="post">
      <button
        type="submit"
        name="favorite"
        value={favorite ? "false" : "true"}
        aria-label={favorite ? "Remove from favourites" : "Add to favourites"}
      >
        {favorite ? "★" : "☆"}
      </button>
    </fetcher.Form>
  );
}

function ContactPage() {
  const contact = useLoaderData<Contact>();
  return (
    <div id="contact">
      <div className="avatar">{contact.first.slice(0, 1)}</div>
      <div>
        <h1>
          {contact.first} {contact.last} <Favorite contact={contact} />
        </h1>
        {contact.handle && <p className="handle">{contact.handle}</p>}
        {contact.notes && <p>{contact.notes}</p>}
        <div className="actions">
          <Form action="edit">
            <button type="submit" id="edit">Edit</button>
          </Form>
        </div>
      </div>
    </div>
  );
}

function EditPage() {
  const contact = useLoaderData<Contact>();
  const navigate = useNavigate();
  return (
    <Form method="post" id="contact-form">
      <p>
        <span>Name</span>
        <input
          placeholder="First"
          aria-label="First name"
          type="text"
          name="first"
          defaultValue={contact.first}
        />
        <input
          placeholder="Last"
          aria-label="Last name"
          type="text"
          name="last"
          defaultValue={contact.last}
        />
      </p>
      <label>
        <span>Handle</span>
        <input type="text" name="handle" placeholder="@handle" defaultValue={contact.handle} />
      </label>
      <label>
        <span>Notes</span>
        <textarea name="notes" defaultValue={contact.notes} rows={4} />
      </label>
      <p>
        <button type="submit" id="save">Save</button>
        <button type="button" onClick={() => navigate(-1)}>Cancel</button>
      </p>
    </Form>
  );
}

const contactLoader = ({ params }: LoaderFunctionArgs) => contactById(params.id);

const router = createBrowserRouter([
  {
    path: "/",
    element: <Root />,
    errorElement: <ErrorPage />,
    loader: rootLoader,
    action: createAction,
    children: [
      { index: true, element: <Index /> },
      {
        path: "contacts/:id",
        element: <ContactPage />,
        loader: contactLoader,
        action: async ({ params, request }) => {
          const contact = await contactById(params.id);
          contact.favorite = (await request.formData()).get("favorite") === "true";
          return null;
        },
      },
      {
        path: "contacts/:id/edit",
        element: <EditPage />,
        loader: contactLoader,
        action: async ({ params, request }) => {
          const contact = await contactById(params.id);
          Object.assign(contact, Object.fromEntries(await request.formData()));
          return redirect(`/contacts/${contact.id}`);
        },
      },
    ],
  },
], { basename: BASE });

createRoot(document.getElementById("root")!).render(<RouterProvider router={router} />);
