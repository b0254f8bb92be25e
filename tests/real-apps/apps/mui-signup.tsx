/**
 * Material UI's sign-up idiom (Emotion CSS-in-JS, CSS theme variables with a light and a dark scheme and the
 * template's colour-mode toggle): a form with classes but no id or name, validated in React on submit; a
 * refused submit shows each field's error, a valid one a welcome card.
 */
import { type FormEvent, useState } from "react";
import { createRoot } from "react-dom/client";
import {
  Box,
  Button,
  Card,
  Checkbox,
  Container,
  CssBaseline,
  Divider,
  FormControl,
  FormControlLabel,
  FormLabel,
  Link,
  TextField,
  ThemeProvider,
  Typography,
} from "@mui/material";
import { createTheme, useColorScheme } from "@mui/material/styles";

const theme = createTheme({
  cssVariables: { colorSchemeSelector: "class" },
  colorSchemes: { light: true, dark: true },
});

function ColorModeToggle() {
  const { mode, setMode } = useColorScheme();
  return (
    <Button
      id="color-mode"
      size="small"
      variant="outlined"
      onClick={() => setMode(mode === "dark" ? "light" : "dark")}
    >
      {mode === "dark" ? "Light mode" : "Dark mode"}
    </Button>
  );
}

type Errors = Partial<Record<"name" | "email" | "password", string>>;

function validate(data: FormData): Errors {
  const errors: Errors = {};
  if (String(data.get("name") ?? "").trim().length < 2) errors.name = "Name is required.";
  if (!/^\S+@\S+\.\S+$/.test(String(data.get("email") ?? ""))) errors.email = "Please enter a valid email.";
  if (String(data.get("password") ?? "").length < 8) errors.password = "At least 8 characters.";
  return errors;
}

function Field(
  props: { name: keyof Errors; label: string; type?: string; errors: Errors; placeholder: string },
) {
  return (
    <FormControl>
      <FormLabel htmlFor={props.name}>{props.label}</FormLabel>
      <TextField
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        placeholder={props.placeholder}
        required
        fullWidth
        variant="outlined"
        error={props.errors[props.name] !== undefined}
        helperText={props.errors[props.name]}
      />
    </FormControl>
  );
}

function SignUp() {
  const [errors, setErrors] = useState<Errors>({});
  const [welcome, setWelcome] = useState(false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validate(new FormData(event.currentTarget));
    setErrors(found);
    if (Object.keys(found).length === 0) setWelcome(true);
  };
  return (
    <Container maxWidth="xs" sx={{ py: 6 }}>
      <ColorModeToggle />
      <Card variant="outlined" sx={{ mt: 2, p: 4, display: "flex", flexDirection: "column", gap: 2 }}>
        <Typography component="h1" variant="h4">Sign up</Typography>
        {welcome
          ? <Typography id="welcome" color="success.main">Welcome aboard! Check your inbox.</Typography>
          : (
            <Box
              component="form"
              onSubmit={onSubmit}
              noValidate
              sx={{ display: "flex", flexDirection: "column", gap: 2 }}
            >
              <Field name="name" label="Full name" placeholder="Jon Snow" errors={errors} />
              <Field name="email" label="Email" placeholder="your@email.com" errors={errors} />
              <Field name="password" label="Password" type="password" placeholder="••••••" errors={errors} />
              <FormControlLabel
                control={<Checkbox name="updates" value="yes" color="primary" />}
                label="I want to receive updates via email."
              />
              <Button type="submit" fullWidth variant="contained">Sign up</Button>
            </Box>
          )}
        <Divider>or</Divider>
        <Typography sx={{ textAlign: "center" }}>
          Already have an account? <Link href="#" variant="body2">Sign in</Link>
        </Typography>
      </Card>
    </Container>
  );
}

createRoot(document.getElementById("root")!).render(
  // No stored preference: every flow starts in the light scheme.
  <ThemeProvider theme={theme} storageManager={null}>
    <CssBaseline />
    <SignUp />
  </ThemeProvider>,
);
