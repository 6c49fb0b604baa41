"""The Gradio app (Chinese UI): a workspace bar over one module per tab."""
