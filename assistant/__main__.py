from .cli import app

if __name__ == "__main__":  # also imported (as __mp_main__) by worker processes, which must not run the CLI
    app(prog_name="assistant")
