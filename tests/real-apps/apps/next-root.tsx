/**
 * A Next.js-style page: React rendered into `#__next`, client-side links that push history entries as
 * `next/link` does, and a checkout whose "Place order" answers only after 4 s (an unresponsive button).
 */
import { type MouseEvent, type ReactNode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";

const BASE = "/apps/next";
const ORDER_DELAY_MS = 4_000;

function useRoute(): [string, (to: string) => void] {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  return [path, (to) => {
    history.pushState({}, "", to);
    setPath(to);
    scrollTo(0, 0);
  }];
}

function App() {
  const [path, go] = useRoute();
  const [cart, setCart] = useState(0);
  const [order, setOrder] = useState<"none" | "placed">("none");
  const Link = ({ to, id, children }: { to: string; id: string; children: ReactNode }) => (
    <a
      id={id}
      href={BASE + to}
      onClick={(event: MouseEvent) => {
        event.preventDefault();
        go(BASE + to);
      }}
    >
      {children}
    </a>
  );
  const page = path.slice(BASE.length) || "/";
  return (
    <>
      <header className="site-header">
        <Link to="/" id="nav-home">Acme</Link>
        <nav>
          <Link to="/product" id="nav-product">Product</Link>
          <Link to="/checkout" id="nav-checkout">Checkout ({cart})</Link>
        </nav>
      </header>
      <main>
        {page === "/" && (
          <section className="hero">
            <h1>Everything for your desk</h1>
            <p>Lamps, stands and cables, shipped tomorrow.</p>
            <Link to="/product" id="shop-now">Shop now</Link>
          </section>
        )}
        {page === "/product" && (
          <section className="product">
            <div className="photo" />
            <h1>Walnut monitor stand</h1>
            <p className="price">€89</p>
            <button type="button" id="add" onClick={() => setCart((n) => n + 1)}>Add to cart</button>
          </section>
        )}
        {page === "/checkout" && (
          <section className="checkout">
            <h1>Checkout</h1>
            <p>{cart} item(s) in your cart.</p>
            {order === "placed" ? <p id="placed">Thank you, your order is placed.</p> : (
              <button
                type="button"
                id="place-order"
                onClick={() => setTimeout(() => setOrder("placed"), ORDER_DELAY_MS)}
              >
                Place order
              </button>
            )}
            <Link to="/" id="continue">Continue shopping</Link>
          </section>
        )}
      </main>
    </>
  );
}

createRoot(document.getElementById("__next")!).render(<App />);
