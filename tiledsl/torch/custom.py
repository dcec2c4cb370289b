def custom_op(*a, **k): raise NotImplementedError
